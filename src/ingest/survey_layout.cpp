#include "ingest/survey_layout.hpp"

#include <nlohmann/json.hpp>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

using nlohmann::json;

const json& vocabulary() {
  static const json v = [] {
    auto text = find_embedded_file("src/ingest/data/survey_exports.json");
    if (!text) throw Error(ErrorKind::internal, "src/ingest/data/survey_exports.json is not embedded");
    return json::parse(*text);
  }();
  return v;
}

bool listed(const json& list, std::string_view label) {
  for (const auto& item : list)
    if (iequals(trim(label), item.get_ref<const std::string&>())) return true;
  return false;
}

std::optional<std::size_t> first_of(const CsvTable& table, const json& labels) {
  for (const auto& label : labels)
    if (auto c = table.column(label.get_ref<const std::string&>())) return c;
  return std::nullopt;
}

std::string tool_of(const CsvTable& table) {
  for (const auto& [tool, spec] : vocabulary()["tools"].items()) {
    const std::string& first = spec["first"].get_ref<const std::string&>();
    bool first_ok = first.empty() || (!table.header.empty() && iequals(trim(table.header[0]), first));
    bool any_ok = spec["any"].empty() || first_of(table, spec["any"]).has_value();
    if (first_ok && any_ok && (!first.empty() || !spec["any"].empty())) return tool;
  }
  return {};
}

std::string attribute_of(std::string_view question) {
  for (const auto& [attribute, phrases] : vocabulary()["attributes"].items())
    for (const auto& phrase : phrases)
      if (contains_icase(question, phrase.get_ref<const std::string&>())) return attribute;
  return {};
}

bool open_marker(std::string_view label) {
  for (const auto& marker : vocabulary()["open_markers"])
    if (contains_icase(label, marker.get_ref<const std::string&>())) return true;
  return false;
}

std::string question_text(std::string_view raw) {
  std::string text = raw.find('<') != std::string_view::npos ? html_to_text(raw) : std::string(raw);
  for (char& c : text)
    if (c == '\n') c = ' ';
  return std::string(trim(text));
}

// One question per column, except SurveyMonkey's multi-column questions.
void add_question(SurveyLayout& layout, std::size_t column, const std::string& text, const std::string& option,
                  bool open) {
  if (layout.tool == "surveymonkey" && !layout.questions.empty() && text.empty()) {
    SurveyQuestion& q = layout.questions.back();  // a blank header continues the question to its left
    if (open) {  // "Other (please specify)": its own open question
      SurveyQuestion other;
      other.text = q.text + " (" + option + ")";
      other.columns = {column};
      other.options = {""};
      other.open = true;
      layout.questions.push_back(std::move(other));
      return;
    }
    q.columns.push_back(column);
    q.options.push_back(option);
    return;
  }
  SurveyQuestion q;
  q.text = text;
  q.columns = {column};
  q.options = {option};
  q.open = open;
  q.attribute = attribute_of(text);
  layout.questions.push_back(std::move(q));
}

}  // namespace

int survey_header_score(const CsvTable& table) {
  const std::string tool = tool_of(table);
  if (tool.empty() || table.header.size() < 2) return 0;
  return 10;  // a tool's own header: stronger than any ticket or review guess
}

SurveyLayout survey_layout(const CsvTable& table) {
  SurveyLayout layout;
  layout.tool = tool_of(table);
  const json& spec = vocabulary()["tools"][layout.tool];
  layout.id_column = first_of(table, spec["id"]);
  layout.date_column = first_of(table, spec["date"]);
  if (spec.contains("partial")) {
    layout.partial_column = table.column(spec["partial"]["column"].get_ref<const std::string&>());
    layout.partial_value = spec["partial"]["value"];
  }
  // The rows under the header that are still header: SurveyMonkey's
  // sub-answers, Qualtrics' question texts and ImportId JSON.
  const std::vector<std::string>* sub = nullptr;
  const std::vector<std::string>* texts = nullptr;
  if (layout.tool == "surveymonkey" && !table.rows.empty()) {
    sub = &table.rows[0];
    layout.first_row = 1;
  }
  if (layout.tool == "qualtrics" && !table.rows.empty() && layout.id_column &&
      !starts_with_icase(trim(table.rows[0][*layout.id_column]), "R_")) {
    texts = &table.rows[0];
    layout.first_row = 1;
    if (table.rows.size() > 1 && starts_with_icase(trim(table.rows[1][*layout.id_column]), "{\"ImportId\""))
      layout.first_row = 2;
  }
  const json& metadata = vocabulary()["metadata"];
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const std::string& label = table.header[c];
    if (listed(metadata, label)) continue;
    std::string option = sub ? std::string(trim((*sub)[c])) : std::string();
    if (iequals(option, "Response") || iequals(option, "Open-Ended Response")) option.clear();
    std::string text = question_text(texts && !trim((*texts)[c]).empty() ? (*texts)[c] : label);
    if (layout.tool == "surveymonkey") text = question_text(label);
    bool open = open_marker(label) || (sub && open_marker((*sub)[c]));
    if (layout.tool != "surveymonkey" && text.empty()) continue;  // an unnamed column is no question
    add_question(layout, c, text, option, open);
  }
  if (layout.questions.empty()) throw invalid_input("a " + layout.tool + " export without any question column");
  return layout;
}

}  // namespace grounded::ingest
