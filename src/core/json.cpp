#include "core/json.hpp"

#include "core/error.hpp"

namespace grounded {
namespace {

template <typename T>
nlohmann::json optional_value(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json parse_stored_json(const std::string& text) {
  if (text.empty()) return nlohmann::json::object();
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json::object() : parsed;
}

nlohmann::json parse_untrusted_json(std::string_view text, const std::string& what, int max_depth) {
  auto limit_depth = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if (depth > max_depth && (event == nlohmann::json::parse_event_t::object_start ||
                              event == nlohmann::json::parse_event_t::array_start))
      throw invalid_input(what + " nests objects or arrays deeper than " + std::to_string(max_depth) + " levels");
    return true;
  };
  try {
    return nlohmann::json::parse(text, limit_depth);
  } catch (const nlohmann::json::parse_error& e) {
    throw invalid_input(what + " is not valid JSON (at byte offset " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception& e) {
    // out_of_range.406: a number too large for a double, e.g. 1e999999.
    throw invalid_input(what + " holds a value JSON cannot represent: " + e.what());
  }
}

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void to_json(nlohmann::json& out, const Account& account) {
  out = {{"id", account.id},
         {"name", account.name},
         {"industry", account.industry},
         {"employees", optional_value(account.employees)},
         {"revenue", optional_value(account.revenue)},
         {"region", account.region},
         {"stage", account.stage},
         {"stack", account.stack},
         {"domain", account.domain}};
}

void to_json(nlohmann::json& out, const Participant& participant) {
  out = {{"id", participant.id},
         {"label", participant.label},
         {"role", participant.role},
         {"seniority", participant.seniority},
         {"segment", participant.segment},
         {"account_id", optional_value(participant.account_id)}};
}

void to_json(nlohmann::json& out, const Source& source) {
  out = {{"id", source.id},
         {"kind", to_string(source.kind)},
         {"title", source.title},
         {"participant_id", optional_value(source.participant_id)},
         {"account_id", optional_value(source.account_id)},
         {"study_id", optional_value(source.study_id)},
         {"occurred_at", source.occurred_at},
         {"origin", source.origin},
         {"format", source.format},
         {"meta", parse_stored_json(source.meta_json)},
         {"created_at", source.created_at}};
  if (!source.body.empty()) out["body"] = source.body;
}

void to_json(nlohmann::json& out, const Excerpt& excerpt) {
  out = {{"id", excerpt.id},
         {"source_id", excerpt.source_id},
         {"ordinal", excerpt.ordinal},
         {"speaker", excerpt.speaker},
         {"speaker_role", to_string(excerpt.speaker_role)},
         {"participant_id", optional_value(excerpt.participant_id)},
         {"start_byte", excerpt.start_byte},
         {"end_byte", excerpt.end_byte},
         {"start_ms", optional_value(excerpt.start_ms)},
         {"end_ms", optional_value(excerpt.end_ms)},
         {"text", excerpt.text}};
}

void to_json(nlohmann::json& out, const Tag& tag) {
  out = {{"id", tag.id},
         {"excerpt_id", tag.excerpt_id},
         {"span_start", optional_value(tag.span_start)},
         {"span_end", optional_value(tag.span_end)},
         {"category", tag.category},
         {"subfields", parse_stored_json(tag.subfields_json)},
         {"theme", tag.theme},
         {"confidence", tag.confidence},
         {"uncertainty", optional_value(tag.uncertainty)},
         {"origin", to_string(tag.origin)},
         {"status", to_string(tag.status)},
         {"rationale", tag.rationale},
         {"created_by", tag.created_by},
         {"created_at", tag.created_at},
         {"updated_at", tag.updated_at}};
}

void to_json(nlohmann::json& out, const Persona& persona) {
  out = {{"id", persona.id},
         {"kind", to_string(persona.kind)},
         {"name", persona.name},
         {"role", persona.role},
         {"cohort", parse_stored_json(persona.cohort_json)},
         {"priority_tier", persona.priority_tier},
         {"created_at", persona.created_at},
         {"updated_at", persona.updated_at},
         {"reviewed_at", persona.reviewed_at},
         {"drafted_at", persona.drafted_at}};
}

void to_json(nlohmann::json& out, const Attribute& attribute) {
  out = {{"id", attribute.id},
         {"persona_id", attribute.persona_id},
         {"section", attribute.section},
         {"text", attribute.text},
         {"origin", to_string(attribute.origin)},
         {"position", attribute.position},
         {"theme_key", attribute.theme_key},
         {"edited_at", attribute.edited_at},
         {"created_at", attribute.created_at}};
}

void to_json(nlohmann::json& out, const Citation& citation) {
  out = {{"id", citation.id},
         {"attribute_id", citation.attribute_id},
         {"excerpt_id", citation.excerpt_id},
         {"verdict", to_string(citation.verdict)},
         {"reviewer", citation.reviewer},
         {"reviewed_at", citation.reviewed_at},
         {"note", citation.note}};
}

}  // namespace grounded
