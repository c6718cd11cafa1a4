#include "search/search_json.hpp"

namespace grounded::search {

void to_json(nlohmann::json& j, const SearchHit& hit) {
  auto highlights = nlohmann::json::array();
  for (const auto& [start, end] : hit.highlights) highlights.push_back({start, end});
  j = nlohmann::json{{"excerpt_id", hit.excerpt_id},
                     {"source_id", hit.source_id},
                     {"source_title", hit.source_title},
                     {"source_kind", hit.source_kind},
                     {"study", hit.study},
                     {"speaker", hit.speaker},
                     {"speaker_role", hit.speaker_role},
                     {"participant_label", hit.participant_label},
                     {"participant_role", hit.participant_role},
                     {"participant_id", hit.participant_id ? nlohmann::json(*hit.participant_id) : nlohmann::json(nullptr)},
                     {"customer_speech", hit.customer_speech},
                     {"occurred_at", hit.occurred_at},
                     {"start_ms", hit.start_ms ? nlohmann::json(*hit.start_ms) : nlohmann::json(nullptr)},
                     {"snippet", hit.snippet},
                     {"highlights", std::move(highlights)},
                     {"text", hit.text},
                     {"rank", hit.rank}};
}

void to_json(nlohmann::json& j, const SearchResult& result) {
  j = nlohmann::json{{"hits", result.hits},
                     {"total", result.total},
                     {"total_exact", result.total_exact},
                     {"matches", result.matches},
                     {"matches_exact", result.matches_exact},
                     {"ranked_subset", result.ranked_subset},
                     {"ranked", result.ranked},
                     {"facets_exact", result.facets_exact},
                     {"note", result.note},
                     {"facets",
                      {{"kind", result.facets_kind},
                       {"speaker_role", result.facets_role},
                       {"category", result.facets_category},
                       {"study", result.facets_study}}},
                     {"fts_expression", result.fts_expression},
                     {"limit", result.limit},
                     {"offset", result.offset}};
}

}  // namespace grounded::search
