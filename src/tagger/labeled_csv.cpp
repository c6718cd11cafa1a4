#include "tagger/labeled_csv.hpp"

#include <algorithm>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/taxonomy.hpp"

namespace grounded::tagger {
namespace {

// Splits CSV into records of fields; `lines` receives each record's first line number.
std::vector<std::vector<std::string>> read_records(std::string_view csv, std::vector<int>& lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, field_started = false;
  int line = 1, record_line = 1;
  std::size_t i = 0;
  if (csv.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a BOM from spreadsheet exports
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!(record.size() == 1 && record[0].empty())) {
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field_started = false;
  };
  for (; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      end_record();
      record_line = ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) throw invalid_input("CSV: unterminated quote in the record starting on line " + std::to_string(record_line));
  if (!field.empty() || !record.empty()) end_record();
  return records;
}

}  // namespace

std::vector<LabeledRow> read_labeled_rows(std::string_view csv) {
  std::vector<int> lines;
  auto records = read_records(csv, lines);
  if (records.empty()) throw invalid_input("CSV: empty file (expected a header with text,labels)");
  int text_col = -1, labels_col = -1, question_col = -1, root_cause_col = -1, voice_col = -1;
  for (std::size_t c = 0; c < records[0].size(); ++c) {
    if (records[0][c] == "text") text_col = static_cast<int>(c);
    if (records[0][c] == "labels") labels_col = static_cast<int>(c);
    if (records[0][c] == "question") question_col = static_cast<int>(c);
    if (records[0][c] == "root_cause") root_cause_col = static_cast<int>(c);
    if (records[0][c] == "voice") voice_col = static_cast<int>(c);
  }
  if (text_col < 0 || labels_col < 0) throw invalid_input("CSV: the header needs the columns text and labels");
  const Taxonomy& taxonomy = Taxonomy::builtin();
  std::vector<LabeledRow> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    LabeledRow parsed;
    parsed.line = lines[r];
    LabeledText& row = parsed.row;
    if (static_cast<int>(rec.size()) > text_col) row.text = rec[static_cast<std::size_t>(text_col)];
    if (question_col >= 0 && static_cast<int>(rec.size()) > question_col)
      row.question = rec[static_cast<std::size_t>(question_col)];
    if (voice_col >= 0 && static_cast<int>(rec.size()) > voice_col)
      row.voice = rec[static_cast<std::size_t>(voice_col)];
    if (root_cause_col >= 0 && static_cast<int>(rec.size()) > root_cause_col &&
        !rec[static_cast<std::size_t>(root_cause_col)].empty()) {
      row.root_cause = rec[static_cast<std::size_t>(root_cause_col)];
      try {
        taxonomy.validate_subfields("objection", {{"root_cause", row.root_cause}});
      } catch (const Error& e) {
        throw invalid_input("CSV line " + std::to_string(lines[r]) + ": " + e.what());
      }
    }
    std::string labels = static_cast<int>(rec.size()) > labels_col ? rec[static_cast<std::size_t>(labels_col)] : "";
    parsed.labels_given = labels.find_first_not_of(" \t") != std::string::npos;
    std::size_t pos = 0;
    while (pos <= labels.size()) {
      std::size_t bar = labels.find('|', pos);
      std::string label = labels.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos);
      while (!label.empty() && label.back() == ' ') label.pop_back();
      while (!label.empty() && label.front() == ' ') label.erase(0, 1);
      if (!label.empty() && label != "none") {
        if (!taxonomy.has(label)) {
          if (parsed.problem.empty()) parsed.problem = "unknown label '" + label + "'";
        } else if (std::find(row.labels.begin(), row.labels.end(), label) == row.labels.end()) {
          row.labels.push_back(label);
        }
      }
      if (bar == std::string::npos) break;
      pos = bar + 1;
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

std::vector<LabeledText> parse_labeled_csv(std::string_view csv) {
  std::vector<LabeledText> out;
  for (auto& parsed : read_labeled_rows(csv)) {
    // An empty labels cell means none here; only an unknown label is an error.
    if (!parsed.problem.empty())
      throw invalid_input("CSV line " + std::to_string(parsed.line) + ": " + parsed.problem);
    out.push_back(std::move(parsed.row));
  }
  return out;
}

const std::vector<LabeledText>& seed_training_set() {
  static const std::vector<LabeledText> rows = [] {
    auto text = find_embedded_file("src/tagger/data/seed_training.csv");
    if (!text) throw Error(ErrorKind::internal, "seed_training.csv was not embedded");
    auto name_voices = [](std::vector<LabeledText> rows, std::string_view path) {
      const std::string file(path.substr(path.rfind('/') + 1));
      for (auto& row : rows)
        if (row.voice.empty()) row.voice = file;
      return rows;
    };
    std::vector<LabeledText> all = name_voices(parse_labeled_csv(*text), "src/tagger/data/seed_training.csv");
    for (const auto& file : embedded_files()) {
      if (!file.path.starts_with("src/tagger/data/training_") || !file.path.ends_with(".csv")) continue;
      auto more = name_voices(parse_labeled_csv(file.content), file.path);
      all.insert(all.end(), more.begin(), more.end());
    }
    return all;
  }();
  return rows;
}

}  // namespace grounded::tagger
