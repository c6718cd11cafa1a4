#include "tagger/question_bank.hpp"

#include <cmath>
#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "tagger/taxonomy.hpp"
#include "tagger/text_features.hpp"

namespace grounded::tagger {
namespace {

void parse_file(std::string_view text, const std::string& bank, std::vector<BankSection>& out) {
  try {
    auto doc = nlohmann::json::parse(text);
    for (const auto& s : doc.at("sections")) {
      BankSection section;
      section.bank = bank;
      section.id = s.at("id").get<std::string>();
      section.title = s.value("title", section.id);
      section.description = s.value("description", "");
      section.informs = s.value("informs", std::vector<std::string>{});
      section.default_minutes = s.value("default_minutes", 5);
      for (const auto& q : s.at("questions")) {
        BankQuestion question;
        question.id = q.at("id").get<std::string>();
        question.section_id = section.id;
        question.text = q.at("text").get<std::string>();
        question.variants = q.value("variants", std::vector<std::string>{});
        question.informs = q.value("informs", section.informs);
        question.follow_ups = q.value("follow_ups", std::vector<std::string>{});
        question.probe = q.value("probe", "");
        section.questions.push_back(std::move(question));
      }
      out.push_back(std::move(section));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input("question bank " + bank + ": " + e.what());
  }
}

// Sentences of an interviewer turn: each is matched on its own so "Great,
// thanks. So what's the most frustrating part?" still finds its question.
std::vector<std::string_view> sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.' || text[i] == '?' || text[i] == '!' || text[i] == '\n') {
      if (i > start) out.push_back(text.substr(start, i - start + (i < text.size())));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<const QuestionBank> QuestionBank::parse(std::string_view discovery_json,
                                                        std::string_view job_map_json) {
  auto bank = std::make_shared<QuestionBank>();
  parse_file(discovery_json, "discovery", bank->sections_);
  parse_file(job_map_json, "job_map", bank->sections_);
  // IDF over every question text, variant and follow-up (each one document).
  std::vector<std::pair<const BankQuestion*, std::string>> texts;
  for (const auto& s : bank->sections_)
    for (const auto& q : s.questions) {
      texts.emplace_back(&q, q.text);
      for (const auto& v : q.variants) texts.emplace_back(&q, v);
      for (const auto& f : q.follow_ups) texts.emplace_back(&q, f);
    }
  std::unordered_map<std::string, int> df;
  for (const auto& [q, text] : texts) {
    std::set<std::string> seen;
    for (auto& w : analyze_words(text)) seen.insert(w.stem);
    for (const auto& s : seen) ++df[s];
  }
  const double n = static_cast<double>(texts.size());
  for (const auto& [stem, count] : df) bank->idf_[stem] = std::log((n + 1) / (count + 0.5));
  // A word no question uses is informative but says nothing about a match.
  bank->unknown_idf_ = std::log(n + 1);
  for (const auto& [q, text] : texts) bank->docs_.push_back({q, bank->vector_of(text)});
  return bank;
}

std::shared_ptr<const QuestionBank> QuestionBank::builtin() {
  static const std::shared_ptr<const QuestionBank> bank = [] {
    auto discovery = find_embedded_file("question-bank/discovery.json");
    auto job_map = find_embedded_file("question-bank/job_map.json");
    if (!discovery || !job_map) throw Error(ErrorKind::internal, "the question bank was not embedded");
    return parse(*discovery, *job_map);
  }();
  return bank;
}

std::unordered_map<std::string, double> QuestionBank::vector_of(std::string_view text) const {
  std::unordered_map<std::string, double> vec;
  for (auto& w : analyze_words(text)) {
    auto it = idf_.find(w.stem);
    vec[w.stem] += it == idf_.end() ? unknown_idf_ : it->second;
  }
  double norm = 0;
  for (const auto& [k, v] : vec) norm += v * v;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (auto& [k, v] : vec) v /= norm;
  return vec;
}

const BankQuestion* QuestionBank::find_question(std::string_view id) const {
  for (const auto& s : sections_)
    for (const auto& q : s.questions)
      if (q.id == id) return &q;
  return nullptr;
}

const BankSection* QuestionBank::find_section(std::string_view id) const {
  for (const auto& s : sections_)
    if (s.id == id) return &s;
  return nullptr;
}

std::optional<QuestionMatch> QuestionBank::match(std::string_view turn, double min_score) const {
  std::optional<QuestionMatch> best;
  auto consider = [&](std::string_view sentence) {
    auto vec = vector_of(sentence);
    if (vec.empty()) return;
    for (const auto& doc : docs_) {
      double dot = 0;
      int shared = 0;
      for (const auto& [k, v] : vec) {
        auto it = doc.vec.find(k);
        if (it != doc.vec.end()) {
          dot += v * it->second;
          ++shared;
        }
      }
      // One rare word in common ("Can you hear me okay?" and "How do you
      // hear about tools?") is chance, not the same question.
      if (shared >= 2 && dot >= min_score && (!best || dot > best->score)) best = QuestionMatch{doc.question, dot, std::string(sentence)};
    }
  };
  auto parts = sentences(turn);
  for (auto part : parts) consider(part);
  if (parts.size() > 1) consider(turn);
  return best;
}

std::vector<std::string> categories_for_attribute(std::string_view attribute) {
  const Taxonomy& taxonomy = Taxonomy::builtin();
  if (taxonomy.has(attribute)) return {std::string(attribute)};
  std::vector<std::string> out;
  for (const auto& c : taxonomy.categories())
    for (const auto& section : c.persona_sections)
      if (section == attribute) out.push_back(c.key);
  return out;
}

void to_json(nlohmann::json& out, const BankQuestion& q) {
  out = {{"id", q.id},           {"section", q.section_id},     {"text", q.text},   {"variants", q.variants},
         {"informs", q.informs}, {"follow_ups", q.follow_ups}, {"probe", q.probe}};
}

void to_json(nlohmann::json& out, const BankSection& s) {
  out = {{"bank", s.bank},       {"id", s.id},           {"title", s.title},
         {"description", s.description}, {"informs", s.informs}, {"default_minutes", s.default_minutes},
         {"questions", s.questions}};
}

void to_json(nlohmann::json& out, const QuestionBank& bank) { out = {{"sections", bank.sections()}}; }

}  // namespace grounded::tagger
