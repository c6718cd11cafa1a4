#include "ingest/reviews.hpp"

#include "core/error.hpp"
#include "ingest/column_map.hpp"
#include "ingest/json_util.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

void add_part(ParsedSource& src, const std::string& heading, const std::string& text, const std::string& reviewer, int line) {
  std::string_view t = trim(text);
  if (t.empty()) return;
  Turn turn;
  turn.speaker = reviewer;
  turn.heading = heading;
  turn.role = SpeakerRole::author;
  turn.text = std::string(t);
  turn.line = line;
  src.turns.push_back(std::move(turn));
}

// "Verified User in Accounting", "Anonymous": not a person we can follow.
bool anonymous_reviewer(std::string_view name) {
  return name.empty() || starts_with_icase(name, "Verified User") || starts_with_icase(name, "Anonymous") ||
         iequals(name, "A Google user");
}

void finish(ParsedFile& file, ParsedSource&& src, const std::string& title) {
  if (src.turns.empty()) {
    ++file.skipped_rows;
    return;
  }
  src.title = !title.empty() ? title : title_from_text(src.turns[0].text);
  if (anonymous_reviewer(src.participant_name)) src.participant_name.clear();
  file.sources.push_back(std::move(src));
}

void set_meta(ParsedSource& src, const char* key, const std::string& value) {
  if (value.empty()) return;
  char* end = nullptr;
  double v = std::strtod(value.c_str(), &end);
  if (end && *end == '\0' && std::string_view(key) == "rating") src.meta[key] = v;
  else src.meta[key] = value;
}

}  // namespace

std::string title_from_text(std::string_view text, int words) {
  std::string out;
  int n = 0;
  for (char c : text) {
    if (c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    if (c == ' ' && ++n >= words) return out + "…";
    out += c;
  }
  return out;
}

int review_header_score(const CsvTable& table) {
  int score = 0;
  for (std::string_view label : {"Star Rating", "Rating", "Review Text", "Review", "Pros", "Cons", "Review Title",
                                 "Reviewer Name", "Reviewer", "Review ID", "Review Link", "Overall Rating"})
    if (table.column(label)) ++score;
  for (const auto& h : table.header)
    if (starts_with_icase(trim(h), "What do you like best") || starts_with_icase(trim(h), "What do you dislike")) score += 3;
  return score;
}

ParsedFile parse_review_csv(const CsvTable& table, const std::map<std::string, std::string>& column_map) {
  ColumnPicker cols(table, column_map);
  // G2 question columns carry the product name: match by prefix.
  auto likes = cols.pick_prefix("likes", "What do you like best");
  auto dislikes = cols.pick_prefix("dislikes", "What do you dislike");
  auto problems = cols.pick_prefix("problems", "What problems is");
  auto recommendations = cols.pick_prefix("recommendations", "What recommendations");
  auto body = cols.pick("body", {"Review Text", "Review", "Text", "Body", "Comment", "Content", "Review body",
                                 "Description", "Overall", "Comments"});
  auto pros = cols.pick("pros", {"Pros", "Likes"});
  auto cons = cols.pick("cons", {"Cons", "Dislikes"});
  auto title = cols.pick("title", {"Title", "Review Title", "Headline", "Summary", "Subject"});
  auto rating = cols.pick("rating", {"Star Rating", "Rating", "Overall Rating", "Stars", "Score"});
  auto reviewer = cols.pick("requester", {"Reviewer Name", "Reviewer", "Author", "Name", "User name", "Nickname"});
  auto role = cols.pick("role", {"Reviewer Job Title", "Job Title", "Role", "Title of reviewer", "Reviewer role"});
  auto size = cols.pick("company_size", {"Company Size", "Company size", "Employees", "Segment"});
  auto industry = cols.pick("industry", {"Industry"});
  auto created = cols.pick("created", {"Submitted At", "Review Submit Date and Time", "Date", "Created at",
                                       "Published at", "Review Date"});
  auto id = cols.pick("id", {"Review ID", "Id", "ID"});
  auto org = cols.pick("organization", {"Company Name", "Company", "Organization", "Account"});
  auto language = table.column("Reviewer Language");
  auto version = table.column("App Version Name");
  auto device = table.column("Device");
  auto link = cols.pick("link", {"Review Link", "Review URL", "URL", "Link"});
  if (!likes && !dislikes && !problems && !body && !pros && !cons) {
    std::string names;
    for (const auto& h : table.header) names += (names.empty() ? "" : ", ") + h;
    throw invalid_input("no review text column found (looked for Review Text, Review, Pros, Cons, G2 questions); "
                        "name one with --map body=<column>. Columns: " + names);
  }
  ParsedFile file;
  file.format = likes || dislikes ? "g2_csv" : (table.column("Review Submit Millis Since Epoch") ? "google_play_csv" : "reviews_csv");
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const int line = table.row_lines[r];
    ParsedSource src;
    src.kind = SourceKind::review;
    src.participant_name = cols.cell(row, reviewer);
    src.participant_role = cols.cell(row, role);
    src.account_name = cols.cell(row, org);
    src.occurred_at = cols.cell(row, created);
    std::string review_id = cols.cell(row, id);
    std::string url = cols.cell(row, link);
    if (review_id.empty() && url.find("reviewId=") != std::string::npos) {
      review_id = url.substr(url.find("reviewId=") + 9);
      review_id = review_id.substr(0, review_id.find('&'));
    }
    src.origin_suffix = review_id.empty() ? "#row" + std::to_string(line) : "#" + review_id;
    if (!review_id.empty()) src.meta["review_id"] = review_id;
    set_meta(src, "rating", cols.cell(row, rating));
    set_meta(src, "reviewer_role", src.participant_role);
    set_meta(src, "company_size", cols.cell(row, size));
    set_meta(src, "industry", cols.cell(row, industry));
    set_meta(src, "date", src.occurred_at);
    set_meta(src, "language", cols.cell(row, language));
    set_meta(src, "app_version", cols.cell(row, version));
    set_meta(src, "device", cols.cell(row, device));
    src.meta["row"] = line;
    const std::string who = src.participant_name;
    add_part(src, "Likes", cols.cell(row, likes), who, line);
    add_part(src, "Dislikes", cols.cell(row, dislikes), who, line);
    add_part(src, "Problems solved", cols.cell(row, problems), who, line);
    add_part(src, "Recommendations", cols.cell(row, recommendations), who, line);
    add_part(src, "Review", cols.cell(row, body), who, line);
    add_part(src, "Pros", cols.cell(row, pros), who, line);
    add_part(src, "Cons", cols.cell(row, cons), who, line);
    finish(file, std::move(src), cols.cell(row, title));
  }
  if (file.sources.empty())
    throw invalid_input("the review export has no reviews with text (" + std::to_string(file.skipped_rows) +
                        " rating-only rows)");
  return file;
}

bool looks_like_review_json(const nlohmann::json& doc) {
  if (doc.is_array()) return !doc.empty() && doc[0].is_object() && (doc[0].contains("pros_text") || doc[0].contains("cons_text"));
  if (!doc.is_object()) return false;
  if (doc.contains("highlighted_reviews") || (doc.contains("reviews") && doc["reviews"].is_array())) return true;
  if (doc.contains("data") && doc["data"].is_array() && !doc["data"].empty()) {
    const auto& first = doc["data"][0];
    std::string type = json_string(first, "type");
    return type == "customerReviews" || type == "survey_responses" ||
           (first.contains("attributes") && (first["attributes"].contains("comment_answers") ||
                                             first["attributes"].contains("reviewerNickname")));
  }
  return false;
}

ParsedFile parse_review_json(const nlohmann::json& doc) {
  ParsedFile file;
  int index = 0;
  if (doc.is_object() && doc.contains("data") && doc["data"].is_array()) {
    for (const auto& item : doc["data"]) {
      ++index;
      const auto* a = json_object(item, "attributes");
      if (!a) continue;
      ParsedSource src;
      src.kind = SourceKind::review;
      std::string id = json_string(item, "id");
      src.origin_suffix = "#" + id;
      src.meta["review_id"] = id;
      if (a->contains("comment_answers")) {  // G2 API
        file.format = "g2_json";
        src.participant_name = json_string(*a, "user_name");
        src.participant_role = json_string(*a, "user_title");
        src.occurred_at = json_string(*a, "submitted_at");
        if (auto r = json_number(*a, "star_rating")) src.meta["rating"] = *r;
        set_meta(src, "reviewer_role", src.participant_role);
        set_meta(src, "company_size", json_string(*a, "company_segment"));
        set_meta(src, "industry", json_string(*a, "industry"));
        set_meta(src, "date", src.occurred_at);
        const auto& answers = (*a)["comment_answers"];
        static const std::pair<const char*, const char*> parts[] = {
            {"love", "Likes"}, {"hate", "Dislikes"}, {"benefits", "Problems solved"}, {"recommendations", "Recommendations"}};
        for (auto [key, heading] : parts)
          if (const auto* ans = json_object(answers, key)) add_part(src, heading, json_string(*ans, "value"), src.participant_name, index);
        for (auto it = answers.begin(); it != answers.end(); ++it) {  // answers we do not know by name
          bool known = false;
          for (auto [key, heading] : parts) known |= it.key() == key;
          if (!known && it->is_object()) add_part(src, json_string(*it, "text"), json_string(*it, "value"), src.participant_name, index);
        }
      } else {  // App Store Connect
        file.format = "app_store_json";
        src.participant_name = json_string(*a, "reviewerNickname");
        src.occurred_at = json_string(*a, "createdDate");
        if (auto r = json_number(*a, "rating")) src.meta["rating"] = *r;
        set_meta(src, "territory", json_string(*a, "territory"));
        set_meta(src, "date", src.occurred_at);
        add_part(src, "Review", json_string(*a, "body"), src.participant_name, index);
      }
      finish(file, std::move(src), json_string(*a, "title"));
    }
  } else {
    // Capterra-like: an array of reviews, top level or under a key.
    const nlohmann::json* list = &doc;
    if (doc.is_object()) {
      if (doc.contains("highlighted_reviews") && doc["highlighted_reviews"].is_array()) list = &doc["highlighted_reviews"];
      else if (doc.contains("reviews") && doc["reviews"].is_array()) list = &doc["reviews"];
    }
    file.format = "capterra_json";
    for (const auto& r : *list) {
      ++index;
      ParsedSource src;
      src.kind = SourceKind::review;
      std::string id = json_string(r, "review_id");
      src.origin_suffix = id.empty() ? "#" + std::to_string(index) : "#" + id;
      if (!id.empty()) src.meta["review_id"] = id;
      src.occurred_at = json_string(r, "published_at");
      if (auto v = json_number(r, "rating")) src.meta["rating"] = *v;
      if (auto v = json_number(r, "likelihood_to_recommend")) src.meta["likelihood_to_recommend"] = *v;
      set_meta(src, "date", src.occurred_at);
      if (const auto* who = json_object(r, "reviewer")) {
        src.participant_name = json_string(*who, "full_name");
        src.participant_role = json_string(*who, "job_title");
        set_meta(src, "reviewer_role", src.participant_role);
        set_meta(src, "company_size", json_string(*who, "company_size"));
        set_meta(src, "industry", json_string(*who, "industry"));
        set_meta(src, "used_product_for", json_string(*who, "used_product_for"));
      }
      add_part(src, "Overall", json_string(r, "overall"), src.participant_name, index);
      add_part(src, "Pros", json_string(r, "pros_text"), src.participant_name, index);
      add_part(src, "Cons", json_string(r, "cons_text"), src.participant_name, index);
      finish(file, std::move(src), json_string(r, "title"));
    }
  }
  if (file.sources.empty()) throw invalid_input("the review JSON has no reviews with text");
  return file;
}

}  // namespace grounded::ingest
