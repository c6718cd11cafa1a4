#include "synth/templates.hpp"

#include <algorithm>
#include <map>

#include "core/embedded_files.hpp"
#include "core/error.hpp"

namespace grounded::synth {
namespace {

struct Templates {
  std::map<PersonaKind, PersonaTemplate> kinds;
  std::vector<SignoffStep> steps;
};

constexpr std::pair<SectionStyle, const char*> style_names[] = {
    {SectionStyle::statement, "statement"},
    {SectionStyle::ranked, "ranked"},
    {SectionStyle::job, "job"},
    {SectionStyle::quote, "quote"},
    {SectionStyle::value_proposition, "value_proposition"},
    {SectionStyle::cohort_people, "cohort_people"},
    {SectionStyle::cohort_accounts, "cohort_accounts"},
    {SectionStyle::cohort_stack, "cohort_stack"},
    {SectionStyle::manual, "manual"},
};

SectionTemplate parse_section(const nlohmann::json& s, const std::string& kind) {
  SectionTemplate section;
  section.key = s.at("key").get<std::string>();
  section.title = s.at("title").get<std::string>();
  section.group = s.value("group", section.title);
  section.categories = s.value("categories", std::vector<std::string>{});
  section.where = s.value("where", nlohmann::json::object());
  try {
    section.style = parse_section_style(s.value("style", "statement"));
  } catch (const Error& e) {
    throw invalid_input("persona template '" + kind + "', section '" + section.key + "': " + e.what());
  }
  section.detail = s.value("detail", "");
  section.max = s.value("max", 5);
  section.main = std::min(section.max, s.value("main", section.max));
  section.demographic = s.value("demographic", false);
  return section;
}

const Templates& templates() {
  static const Templates loaded = [] {
    auto text = find_embedded_file("src/synth/data/persona_templates.json");
    if (!text) throw Error(ErrorKind::internal, "persona_templates.json is not embedded");
    Templates result;
    try {
      auto data = nlohmann::json::parse(*text);
      for (const auto& step : data.at("signoff_steps"))
        result.steps.push_back({step.at("key").get<std::string>(), step.at("title").get<std::string>()});
      for (PersonaTemplate& t : parse_persona_templates(std::string(*text))) result.kinds[t.kind] = std::move(t);
    } catch (const nlohmann::json::exception& e) {
      throw Error(ErrorKind::internal, std::string("persona_templates.json is malformed: ") + e.what());
    } catch (const Error& e) {
      throw Error(ErrorKind::internal, std::string("persona_templates.json: ") + e.what());
    }
    return result;
  }();
  return loaded;
}

}  // namespace

const char* to_string(SectionStyle style) {
  for (const auto& [value, name] : style_names)
    if (value == style) return name;
  return "statement";
}

SectionStyle parse_section_style(const std::string& text) {
  std::string known;
  for (const auto& [value, name] : style_names) {
    if (text == name) return value;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  throw invalid_input("unknown section style '" + text + "' (expected one of " + known + ")");
}

bool is_cohort_style(SectionStyle style) {
  return style == SectionStyle::cohort_people || style == SectionStyle::cohort_accounts ||
         style == SectionStyle::cohort_stack;
}

std::vector<PersonaTemplate> parse_persona_templates(const std::string& json_text) {
  std::vector<PersonaTemplate> out;
  try {
    auto data = nlohmann::json::parse(json_text);
    for (const auto& [name, kind_data] : data.at("kinds").items()) {
      PersonaTemplate t;
      t.kind = parse_persona_kind(name);
      t.title = kind_data.at("title").get<std::string>();
      for (const auto& s : kind_data.at("sections")) t.sections.push_back(parse_section(s, name));
      out.push_back(std::move(t));
    }
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("persona templates are malformed: ") + e.what());
  }
  return out;
}

const PersonaTemplate& persona_template(PersonaKind kind) {
  auto it = templates().kinds.find(kind);
  if (it == templates().kinds.end())
    throw Error(ErrorKind::internal, "no persona template for kind " + std::string(to_string(kind)));
  return it->second;
}

const SectionTemplate* find_section(PersonaKind kind, const std::string& key) {
  for (const SectionTemplate& section : persona_template(kind).sections)
    if (section.key == key) return &section;
  return nullptr;
}

const std::vector<SignoffStep>& signoff_steps() { return templates().steps; }

bool subfields_match(const SectionTemplate& section, const nlohmann::json& subfields) {
  for (const auto& [field, wanted] : section.where.items()) {
    std::string value;
    if (subfields.is_object() && subfields.contains(field) && subfields[field].is_string())
      value = subfields[field].get<std::string>();
    bool ok = false;
    if (wanted.is_array()) {
      for (const auto& w : wanted)
        if (w.is_string() && w.get<std::string>() == value) ok = true;
    } else if (wanted.is_string()) {
      ok = wanted.get<std::string>() == value;
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace grounded::synth
