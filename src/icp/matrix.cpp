#include "icp/matrix.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string_view>
#include <set>

#include "core/embedded_files.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "icp/number_text.hpp"
#include "tagger/taxonomy.hpp"
#include "text/strings.hpp"

namespace grounded::icp {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxAttributes = 50;
constexpr std::size_t kMaxRules = 100;
constexpr std::size_t kMaxWords = 500;
constexpr std::size_t kMaxText = 200;

// Reads one JSON object, collecting problems instead of stopping at the
// first, each prefixed with where it is ("attribute 'industry' (Industry)").
class Reader {
 public:
  Reader(std::vector<std::string>& problems, std::string where) : problems_(problems), where_(std::move(where)) {}

  void problem(const std::string& field, const std::string& what) {
    problems_.push_back(where_ + (where_.empty() ? "" : ": ") + "'" + field + "' " + what);
  }
  void plain_problem(const std::string& what) { problems_.push_back(where_ + (where_.empty() ? "" : ": ") + what); }

  void allow_only(const json& object, std::initializer_list<const char*> keys) {
    for (const auto& [key, value] : object.items()) {
      bool known = key == "_comment";
      for (const char* allowed : keys) known = known || key == allowed;
      if (!known) problem(key, "is not a field here");
    }
  }

  std::string text(const json& object, const char* field, bool required, const std::string& prefix = "") {
    if (!object.contains(field)) {
      if (required) problem(prefix + field, "is required");
      return "";
    }
    const json& value = object.at(field);
    if (!value.is_string()) {
      problem(prefix + field, "must be text");
      return "";
    }
    std::string out = text::trim(value.get<std::string>());
    if (required && out.empty()) problem(prefix + field, "must not be empty");
    if (text::char_count(out) > kMaxText) problem(prefix + field, "is longer than " + std::to_string(kMaxText) + " characters");
    return out;
  }

  std::optional<double> number(const json& object, const char* field, const std::string& prefix = "") {
    if (!object.contains(field)) return std::nullopt;
    const json& value = object.at(field);
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      problem(prefix + field, "must be a number");
      return std::nullopt;
    }
    return value.get<double>();
  }

  std::optional<int> count(const json& object, const char* field, const std::string& prefix) {
    if (!object.contains(field)) return std::nullopt;
    const json& value = object.at(field);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > 1000000) {
      problem(prefix + field, "must be a whole number from 0 to 1000000");
      return std::nullopt;
    }
    return static_cast<int>(value.get<std::int64_t>());
  }

  std::optional<Words> words(const json& object, const char* field, const std::string& prefix) {
    if (!object.contains(field)) return std::nullopt;
    const json& value = object.at(field);
    if (!value.is_array() || value.empty()) {
      problem(prefix + field, "must be a non-empty list of text");
      return std::nullopt;
    }
    if (value.size() > kMaxWords) {
      problem(prefix + field, "holds more than " + std::to_string(kMaxWords) + " entries");
      return std::nullopt;
    }
    Words out;
    for (const json& item : value) {
      if (!item.is_string() || text::trim(item.get<std::string>()).empty()) {
        problem(prefix + field, "must hold non-empty text only");
        return std::nullopt;
      }
      out.shown.push_back(text::trim(item.get<std::string>()));
      if (text::char_count(out.shown.back()) > kMaxText)
        problem(prefix + field, "holds an entry longer than " + std::to_string(kMaxText) + " characters");
      out.folded.push_back(text::lower(out.shown.back()));
    }
    return out;
  }

  const std::string& where() const { return where_; }

 private:
  std::vector<std::string>& problems_;
  std::string where_;
};

bool is_object(Reader& reader, const json& parent, const char* field, const std::string& prefix = "") {
  if (!parent.contains(field)) return false;
  if (parent.at(field).is_object()) return true;
  reader.problem(prefix + field, "must be an object");
  return false;
}

// column or column.KEY: [a-z_][a-z0-9_]* then optionally . and 1-60 of
// [A-Za-z0-9_ -]. By hand, not std::regex: libstdc++'s regex recurses once
// per input character, and the matrix is a client's JSON.
bool field_name_shaped(std::string_view field) {
  auto lower = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t dot = field.find('.');
  std::string_view column = field.substr(0, dot);
  if (column.empty() || !lower(column[0])) return false;
  for (char c : column)
    if (!lower(c) && !digit(c)) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view key = field.substr(dot + 1);
  if (key.empty() || key.size() > 60) return false;
  for (char c : key)
    if (!lower(c) && !digit(c) && !(c >= 'A' && c <= 'Z') && c != ' ' && c != '-') return false;
  return true;
}

EvidenceSelector read_selector(Reader& reader, const json& object, const std::string& prefix) {
  reader.allow_only(object, {"category", "where", "points", "recent_days", "older_factor", "decision_makers"});
  EvidenceSelector selector;
  const auto& taxonomy = tagger::Taxonomy::builtin();
  selector.category = reader.text(object, "category", true, prefix);
  const tagger::Category* category = taxonomy.find(selector.category);
  if (!selector.category.empty() && !category) {
    std::string known;
    for (const auto& key : taxonomy.keys()) known += (known.empty() ? "" : ", ") + key;
    reader.problem(prefix + "category", "'" + selector.category + "' is not a tag category (" + known + ")");
  }
  auto check_subfield = [&](const std::string& key, const std::string& field) -> const tagger::Subfield* {
    if (!category) return nullptr;
    for (const auto& sub : category->subfields)
      if (sub.key == key) return &sub;
    reader.problem(field, "'" + key + "' is not a sub-field of " + selector.category);
    return nullptr;
  };
  auto check_value = [&](const tagger::Subfield* sub, const std::string& value, const std::string& field) {
    if (!sub || sub->values.empty()) return;
    for (const auto& allowed : sub->values)
      if (allowed == value) return;
    std::string known;
    for (const auto& allowed : sub->values) known += (known.empty() ? "" : ", ") + allowed;
    reader.problem(field, "'" + value + "' is not a value of " + sub->key + " (" + known + ")");
  };
  if (is_object(reader, object, "where", prefix)) {
    for (const auto& [key, values] : object.at("where").items()) {
      std::string field = prefix + "where." + key;
      const tagger::Subfield* sub = check_subfield(key, field);
      std::optional<Words> list = reader.words(object.at("where"), key.c_str(), prefix + "where.");
      if (!list) continue;
      for (const auto& value : list->shown) check_value(sub, value, field);
      selector.where[key] = list->shown;
    }
  }
  if (is_object(reader, object, "points", prefix)) {
    const json& points = object.at("points");
    std::string at = prefix + "points.";
    reader.allow_only(points, {"by", "values", "default"});
    selector.points_by = reader.text(points, "by", true, at);
    const tagger::Subfield* sub = selector.points_by.empty() ? nullptr : check_subfield(selector.points_by, at + "by");
    if (auto fallback = reader.number(points, "default", at)) selector.default_points = *fallback;
    if (is_object(reader, points, "values", at)) {
      for (const auto& [value, worth] : points.at("values").items()) {
        check_value(sub, value, at + "values." + value);
        if (!worth.is_number() || !std::isfinite(worth.get<double>()) || worth.get<double>() < 0)
          reader.problem(at + "values." + value, "must be a number of 0 or more");
        else
          selector.points[value] = worth.get<double>();
      }
    }
    if (selector.default_points < 0) reader.problem(at + "default", "must be 0 or more");
  }
  if (auto days = reader.count(object, "recent_days", prefix)) selector.recent_days = *days;
  if (auto factor = reader.number(object, "older_factor", prefix)) {
    if (*factor < 0 || *factor > 1) reader.problem(prefix + "older_factor", "must be from 0 to 1");
    selector.older_factor = *factor;
  }
  if (auto makers = reader.words(object, "decision_makers", prefix)) selector.decision_makers = *makers;
  return selector;
}

// Reads the tests of a condition from `object`; the field or evidence it
// applies to is already in `condition`.
void read_tests(Reader& reader, const json& object, const std::string& prefix, Condition& condition) {
  int tests = 0;
  if (condition.evidence) {
    condition.min_excerpts = reader.count(object, "min_excerpts", prefix);
    condition.max_excerpts = reader.count(object, "max_excerpts", prefix);
    condition.min_points = reader.number(object, "min_points", prefix);
    if (object.contains("decision_maker")) {
      if (!object.at("decision_maker").is_boolean()) reader.problem(prefix + "decision_maker", "must be true or false");
      else condition.decision_maker = object.at("decision_maker").get<bool>();
      if (condition.decision_maker && condition.evidence->decision_makers.shown.empty())
        reader.problem(prefix + "decision_maker", "needs 'decision_makers' in the evidence rule");
    }
    tests = (condition.min_excerpts ? 1 : 0) + (condition.max_excerpts ? 1 : 0) + (condition.min_points ? 1 : 0) +
            (condition.decision_maker ? 1 : 0);
    if (!tests) reader.problem(prefix.empty() ? "rule" : prefix.substr(0, prefix.size() - 1),
                               "needs min_excerpts, max_excerpts, min_points or decision_maker");
    return;
  }
  condition.min = reader.number(object, "min", prefix);
  condition.max = reader.number(object, "max", prefix);
  condition.any_of = reader.words(object, "any_of", prefix);
  condition.none_of = reader.words(object, "none_of", prefix);
  condition.contains_any = reader.words(object, "contains_any", prefix);
  bool range = condition.min || condition.max;
  tests = (range ? 1 : 0) + (condition.any_of ? 1 : 0) + (condition.none_of ? 1 : 0) + (condition.contains_any ? 1 : 0);
  std::string name = prefix.empty() ? "rule" : prefix.substr(0, prefix.size() - 1);
  if (tests == 0) reader.problem(name, "needs min/max, any_of, none_of or contains_any");
  if (tests > 1) reader.problem(name, "takes one test: min/max, any_of, none_of or contains_any");
  if (condition.min && condition.max && *condition.min > *condition.max)
    reader.problem(prefix + "min", "is above '" + prefix + "max'");
}

void check_field(Reader& reader, const std::string& field, const std::string& name) {
  if (!field.empty() && !field_name_shaped(field))
    reader.problem(name, "'" + field + "' is not an account field name (a column such as employees, or meta.KEY)");
}

Condition read_when(Reader& reader, const json& rule) {
  Condition condition;
  if (!is_object(reader, rule, "when")) {
    if (!rule.contains("when")) reader.problem("when", "is required");
    return condition;
  }
  const json& when = rule.at("when");
  if (when.contains("evidence")) {
    reader.allow_only(when, {"evidence", "min_excerpts", "max_excerpts", "min_points", "decision_maker"});
    if (is_object(reader, when, "evidence", "when."))
      condition.evidence = read_selector(reader, when.at("evidence"), "when.evidence.");
    else
      condition.evidence = EvidenceSelector{};
  } else {
    reader.allow_only(when, {"field", "min", "max", "any_of", "none_of", "contains_any"});
    condition.field = reader.text(when, "field", true, "when.");
    check_field(reader, condition.field, "when.field");
  }
  read_tests(reader, when, "when.", condition);
  return condition;
}

std::string label_of(const json& item, const std::string& fallback) {
  return item.contains("label") && item["label"].is_string() ? item["label"].get<std::string>() : fallback;
}

std::string where_of(const char* what, const json& item, std::size_t index) {
  std::string key = item.is_object() && item.contains("key") && item["key"].is_string() ? item["key"].get<std::string>() : "";
  std::string out = std::string(what) + (key.empty() ? " " + std::to_string(index + 1) : " '" + key + "'");
  std::string label = item.is_object() ? label_of(item, "") : "";
  if (!label.empty() && label != key) out += " (" + label + ")";
  return out;
}

MatrixAttribute read_attribute(Reader& reader, const json& item) {
  MatrixAttribute attribute;
  reader.allow_only(item, {"key", "label", "weight", "kind", "field", "evidence", "ideal", "good"});
  attribute.key = reader.text(item, "key", true);
  attribute.label = reader.text(item, "label", true);
  std::optional<double> weight = reader.number(item, "weight");
  if (!item.contains("weight")) reader.problem("weight", "is required");
  if (weight && (*weight <= 0 || *weight > 100)) reader.problem("weight", "must be above 0 and at most 100");
  attribute.weight = weight.value_or(0);
  std::string kind = reader.text(item, "kind", true);
  Condition base;
  if (kind == "range" || kind == "list") {
    attribute.kind = kind == "range" ? AttributeKind::range : AttributeKind::list;
    base.field = reader.text(item, "field", true);
    check_field(reader, base.field, "field");
    if (item.contains("evidence")) reader.problem("evidence", "belongs to kind 'evidence' only");
  } else if (kind == "evidence") {
    attribute.kind = AttributeKind::evidence;
    if (item.contains("field")) reader.problem("field", "belongs to kinds 'range' and 'list' only");
    base.evidence = is_object(reader, item, "evidence") ? read_selector(reader, item.at("evidence"), "evidence.")
                                                        : EvidenceSelector{};
    if (!item.contains("evidence")) reader.problem("evidence", "is required for kind 'evidence'");
  } else if (!kind.empty()) {
    reader.problem("kind", "must be range, list or evidence, not '" + kind + "'");
  }
  auto level = [&](const char* name) -> std::optional<Condition> {
    if (!is_object(reader, item, name)) return std::nullopt;
    const json& object = item.at(name);
    std::string prefix = std::string(name) + ".";
    if (attribute.kind == AttributeKind::evidence)
      reader.allow_only(object, {"min_excerpts", "max_excerpts", "min_points", "decision_maker"});
    else if (attribute.kind == AttributeKind::range)
      reader.allow_only(object, {"min", "max"});
    else
      reader.allow_only(object, {"any_of", "none_of", "contains_any"});
    Condition condition = base;
    read_tests(reader, object, prefix, condition);
    return condition;
  };
  if (!item.contains("ideal")) reader.problem("ideal", "is required (the rule for a rating of 5)");
  if (auto ideal = level("ideal")) attribute.ideal = *ideal;
  attribute.good = level("good");
  return attribute;
}

MatrixRule read_rule(Reader& reader, const json& item, bool signal) {
  MatrixRule rule;
  if (signal) reader.allow_only(item, {"key", "label", "adjust", "when"});
  else reader.allow_only(item, {"key", "label", "when"});
  rule.key = reader.text(item, "key", true);
  rule.label = reader.text(item, "label", true);
  if (signal) {
    std::optional<double> adjust = reader.number(item, "adjust");
    if (!item.contains("adjust")) reader.problem("adjust", "is required (how far the signal moves the score)");
    if (adjust && (*adjust < -4 || *adjust > 4 || *adjust == 0)) reader.problem("adjust", "must be from -4 to 4 and not 0");
    rule.adjust = adjust.value_or(0);
  }
  rule.when = read_when(reader, item);
  return rule;
}

Tier read_tier(Reader& reader, const json& item, bool with_min) {
  Tier tier;
  if (with_min) reader.allow_only(item, {"key", "label", "min"});
  else reader.allow_only(item, {"key", "label"});
  tier.key = reader.text(item, "key", true);
  tier.label = reader.text(item, "label", true);
  if (with_min) {
    std::optional<double> min = reader.number(item, "min");
    if (!item.contains("min")) reader.problem("min", "is required (the lowest score in the tier)");
    if (min && (*min < 1 || *min > 5)) reader.problem("min", "must be from 1 to 5");
    tier.min = min.value_or(0);
  }
  return tier;
}

template <typename T, typename Read>
std::vector<T> read_list(std::vector<std::string>& problems, const json& document, const char* field, const char* what,
                         std::size_t limit, Read read) {
  std::vector<T> out;
  if (!document.contains(field)) return out;
  const json& list = document.at(field);
  if (!list.is_array()) {
    problems.push_back("'" + std::string(field) + "' must be a list");
    return out;
  }
  if (list.size() > limit) {
    problems.push_back("'" + std::string(field) + "' holds more than " + std::to_string(limit) + " entries");
    return out;
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Reader reader(problems, where_of(what, list[i], i));
    if (!list[i].is_object()) {
      reader.plain_problem("must be an object");
      continue;
    }
    out.push_back(read(reader, list[i]));
    if (!out.back().key.empty() && !keys.insert(out.back().key).second) reader.problem("key", "is used twice");
  }
  return out;
}

void check_weights(std::vector<std::string>& problems, const std::vector<MatrixAttribute>& attributes) {
  double total = 0;
  std::string parts;
  for (const auto& a : attributes) {
    total += a.weight;
    parts += (parts.empty() ? "" : ", ") + (a.label.empty() ? a.key : a.label) + " " + format_number(a.weight);
  }
  if (attributes.empty()) problems.push_back("'attributes' must hold at least one attribute");
  else if (std::fabs(total - 100) > 1e-6)
    problems.push_back("weights total " + format_number(total) + "%; they must total 100% (" + parts + ")");
}

void check_tiers(std::vector<std::string>& problems, const std::vector<Tier>& tiers, const Tier& below) {
  if (tiers.empty()) problems.push_back("'tiers' must hold at least one tier");
  for (std::size_t i = 1; i < tiers.size(); ++i)
    if (!(tiers[i].min < tiers[i - 1].min))
      problems.push_back("tier '" + tiers[i].key + "': 'min' " + format_number(tiers[i].min) +
                         " must be below the 'min' of the tier before it ('" + tiers[i - 1].key + "', " +
                         format_number(tiers[i - 1].min) + "): tiers go from highest to lowest");
  for (const auto& tier : tiers)
    if (tier.key == below.key && !below.key.empty())
      problems.push_back("tier '" + tier.key + "': 'key' is also the key of 'below'");
}

void read_evidence_tags(std::vector<std::string>& problems, const json& document, Matrix& matrix) {
  matrix.evidence_statuses = {"accepted"};
  if (!document.contains("evidence_tags")) return;
  Reader reader(problems, "evidence_tags");
  const json& tags = document.at("evidence_tags");
  if (!tags.is_object()) {
    reader.plain_problem("must be an object");
    return;
  }
  reader.allow_only(tags, {"statuses", "min_confidence"});
  if (auto statuses = reader.words(tags, "statuses", "")) {
    matrix.evidence_statuses.clear();
    for (const auto& status : statuses->folded) {
      if (status != "accepted" && status != "suggested") reader.problem("statuses", "may hold accepted and suggested, not '" + status + "'");
      matrix.evidence_statuses.push_back(status);
    }
  }
  if (auto confidence = reader.number(tags, "min_confidence")) {
    if (*confidence < 0 || *confidence > 1) reader.problem("min_confidence", "must be from 0 to 1");
    matrix.evidence_min_confidence = *confidence;
  }
}

std::string join_words(const Words& words, std::size_t limit = 6) {
  std::string out;
  for (std::size_t i = 0; i < words.shown.size() && i < limit; ++i) out += (i ? ", " : "") + words.shown[i];
  if (words.shown.size() > limit) out += " and " + std::to_string(words.shown.size() - limit) + " more";
  return out;
}

std::string noun_of(const EvidenceSelector& selector) {
  const tagger::Category* category = tagger::Taxonomy::builtin().find(selector.category);
  std::string what = text::lower(category ? category->label : selector.category);
  for (const auto& [key, values] : selector.where) {
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : " or ") + v;
    what += " (" + key + " " + list + ")";
  }
  return what;
}

void describe_once(Condition& condition) {
  if (condition.evidence) condition.evidence->noun = noun_of(*condition.evidence);
  condition.description = describe(condition);
}

void describe_all(Matrix& matrix) {
  for (auto& a : matrix.attributes) {
    describe_once(a.ideal);
    if (a.good) describe_once(*a.good);
  }
  for (auto& r : matrix.disqualifiers) describe_once(r.when);
  for (auto& r : matrix.signals) describe_once(r.when);
}

}  // namespace

std::string_view to_string(AttributeKind kind) {
  switch (kind) {
    case AttributeKind::range: return "range";
    case AttributeKind::list: return "list";
    case AttributeKind::evidence: return "evidence";
  }
  return "list";
}

Matrix parse_matrix(const json& document) {
  std::vector<std::string> problems;
  Matrix matrix;
  if (!document.is_object()) throw invalid_input("the ICP matrix must be a JSON object");
  Reader top(problems, "");
  top.allow_only(document, {"name", "evidence_tags", "tiers", "below", "attributes", "disqualifiers", "signals"});
  matrix.name = top.text(document, "name", true);
  read_evidence_tags(problems, document, matrix);
  if (!document.contains("tiers")) problems.push_back("'tiers' is required");
  matrix.tiers = read_list<Tier>(problems, document, "tiers", "tier", 10,
                                 [](Reader& r, const json& item) { return read_tier(r, item, true); });
  if (document.contains("below") && document.at("below").is_object()) {
    Reader reader(problems, "below");
    matrix.below = read_tier(reader, document.at("below"), false);
  } else {
    problems.push_back("'below' is required: the key and label for scores under the last tier");
  }
  check_tiers(problems, matrix.tiers, matrix.below);
  if (!document.contains("attributes")) problems.push_back("'attributes' is required");
  matrix.attributes = read_list<MatrixAttribute>(problems, document, "attributes", "attribute", kMaxAttributes, read_attribute);
  check_weights(problems, matrix.attributes);
  matrix.disqualifiers = read_list<MatrixRule>(problems, document, "disqualifiers", "disqualifier", kMaxRules,
                                               [](Reader& r, const json& item) { return read_rule(r, item, false); });
  matrix.signals = read_list<MatrixRule>(problems, document, "signals", "signal", kMaxRules,
                                         [](Reader& r, const json& item) { return read_rule(r, item, true); });
  if (!problems.empty()) {
    std::string message = problems.size() == 1 ? "the ICP matrix has a problem: " : "the ICP matrix has " +
                                                                                    std::to_string(problems.size()) + " problems: ";
    for (std::size_t i = 0; i < problems.size() && i < 20; ++i) message += (i ? "; " : "") + problems[i];
    if (problems.size() > 20) message += "; and " + std::to_string(problems.size() - 20) + " more";
    throw invalid_input(message);
  }
  matrix.document = document;
  describe_all(matrix);
  return matrix;
}

const Matrix& default_matrix() {
  static const Matrix matrix = [] {
    auto text = find_embedded_file("src/icp/data/icp_matrix.json");
    if (!text) throw Error(ErrorKind::internal, "the default ICP matrix is not embedded in this binary");
    json document = parse_untrusted_json(*text, "the default ICP matrix");
    document.erase("_comment");
    return parse_matrix(document);
  }();
  return matrix;
}

std::vector<std::string> fields_read(const Matrix& matrix) {
  std::vector<std::string> fields;
  auto add = [&](const Condition& c) {
    if (!c.field.empty() && std::find(fields.begin(), fields.end(), c.field) == fields.end()) fields.push_back(c.field);
  };
  for (const auto& a : matrix.attributes) add(a.ideal);
  for (const auto& r : matrix.disqualifiers) add(r.when);
  for (const auto& r : matrix.signals) add(r.when);
  return fields;
}

std::string describe(const Condition& c) {
  if (c.evidence) {
    const tagger::Category* category = tagger::Taxonomy::builtin().find(c.evidence->category);
    std::string what = text::lower(category ? category->label : c.evidence->category);
    for (const auto& [key, values] : c.evidence->where) {
      std::string list;
      for (const auto& v : values) list += (list.empty() ? "" : " or ") + v;
      what += " with " + key + " " + list;
    }
    std::vector<std::string> parts;
    auto excerpts = [&](int n) { return what + (n == 1 ? " excerpt" : " excerpts"); };
    if (c.min_excerpts) parts.push_back("at least " + std::to_string(*c.min_excerpts) + " " + excerpts(*c.min_excerpts));
    if (c.max_excerpts)
      parts.push_back(*c.max_excerpts == 0 ? "no " + excerpts(0) : "at most " + std::to_string(*c.max_excerpts) + " " + excerpts(*c.max_excerpts));
    if (c.min_points) parts.push_back("at least " + format_number(*c.min_points) + " points of " + excerpts(2));
    if (c.decision_maker) parts.push_back("one of them spoken by a decision-maker");
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    return out;
  }
  if (c.min && c.max) return c.field + " from " + format_number(*c.min) + " to " + format_number(*c.max);
  if (c.min) return c.field + " at least " + format_number(*c.min);
  if (c.max) return c.field + " at most " + format_number(*c.max);
  if (c.any_of) return c.field + " is one of " + join_words(*c.any_of);
  if (c.none_of) return c.field + " is none of " + join_words(*c.none_of);
  if (c.contains_any) return c.field + " mentions one of " + join_words(*c.contains_any);
  return c.field;
}

}  // namespace grounded::icp
