#include "synth/cohort_facts.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "text/strings.hpp"

namespace grounded::synth {
namespace {

using Counts = std::map<std::string, int>;  // value -> how many records

void count(Counts& counts, const std::string& value) {
  if (!value.empty()) ++counts[value];
}

void count_stack(Counts& counts, const std::string& items) {
  std::size_t start = 0;
  while (start <= items.size()) {
    std::size_t end = items.find_first_of(",;", start);
    if (end == std::string::npos) end = items.size();
    count(counts, text::trim(std::string_view(items).substr(start, end - start)));
    start = end + 1;
  }
}

// "Role: Controller (3 of 4 participants), AP Specialist (1 of 4 participants)"
std::string fact_line(const std::string& label, const Counts& values, std::size_t denominator, const std::string& unit) {
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [value, n] : values) ranked.emplace_back(-n, value);
  std::sort(ranked.begin(), ranked.end());
  std::string text = label + ": ";
  for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
    text += (i ? ", " : "") + ranked[i].second + " (" + std::to_string(-ranked[i].first) + " of " +
            std::to_string(denominator) + " " + unit + ")";
  return text;
}

DraftedAttribute cohort_attribute(const SectionTemplate& section, std::string key, std::string text, int position) {
  DraftedAttribute a;
  a.section = section.key;
  a.basis = "cohort";
  a.theme_key = "cohort:" + std::move(key);
  a.text = std::move(text);
  a.position = position;
  return a;
}

}  // namespace

void draft_cohort_facts(const CohortRecords& records, const SectionTemplate& section,
                        std::vector<DraftedAttribute>& out) {
  if (!is_cohort_style(section.style)) return;
  std::vector<std::pair<std::string, Counts>> facts;
  std::size_t denominator = 0;
  std::string unit;
  std::vector<std::int64_t> employees;
  if (section.style == SectionStyle::cohort_people) {
    Counts roles, seniority, segments, industries;
    for (const auto& p : records.people) {
      count(roles, p.role);
      count(seniority, p.seniority);
      count(segments, p.segment);
      count(industries, p.industry);
    }
    facts = {{"Role", roles}, {"Seniority", seniority}, {"Segment", segments}, {"Industry", industries}};
    denominator = records.people.size();
    unit = "participants";
  } else if (section.style == SectionStyle::cohort_stack) {
    Counts stack;
    for (const auto& c : records.companies) count_stack(stack, c.stack);
    facts = {{"Stack", stack}};
    denominator = records.companies.size();
    unit = "accounts";
  } else {
    Counts industries, regions, stages;
    for (const auto& c : records.companies) {
      count(industries, c.industry);
      count(regions, c.region);
      count(stages, c.stage);
      if (c.employees) employees.push_back(*c.employees);
    }
    facts = {{"Industry", industries}, {"Region", regions}, {"Stage", stages}};
    denominator = records.companies.size();
    unit = "accounts";
  }
  int position = 0;
  for (const auto& [label, values] : facts) {
    if (values.empty() || position >= section.max) continue;
    out.push_back(cohort_attribute(section, text::slug(label), fact_line(label, values, denominator, unit), position++));
  }
  if (!employees.empty() && position < section.max) {
    std::sort(employees.begin(), employees.end());
    std::string text = "Company size: " + std::to_string(employees.front()) + "–" + std::to_string(employees.back()) +
                       " employees (median " + std::to_string(employees[employees.size() / 2]) + ", " +
                       std::to_string(employees.size()) + " accounts)";
    out.push_back(cohort_attribute(section, "company-size", std::move(text), position++));
  }
}

}  // namespace grounded::synth
