#include "synth/export.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "synth/templates.hpp"
#include "text/markdown.hpp"
#include "text/strings.hpp"
#include "text/utf8.hpp"

namespace grounded::synth {
namespace {

using text::one_line;

std::string markdown_text(const std::string& text) { return text::markdown_inline(text); }

std::string date_of(const std::string& iso) { return iso.size() >= 10 ? iso.substr(0, 10) : iso; }

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + "%"; }

std::string flag_words(const std::vector<std::string>& flags) {
  std::string out;
  for (std::string f : flags) {
    for (char& c : f)
      if (c == '_') c = ' ';
    if (f == "opinion based") f = "opinion-based";
    out += (out.empty() ? "" : ", ") + f;
  }
  return out;
}

// Footnote numbers per cited excerpt, by first appearance in the template order.
struct Footnotes {
  std::map<Id, int> number;
  std::vector<const CitationView*> ordered;
  int of(const CitationView& c) {
    auto [it, inserted] = number.emplace(c.stored.citation.excerpt_id, static_cast<int>(ordered.size()) + 1);
    if (inserted) ordered.push_back(&c);
    return it->second;
  }
};

std::string who_of(const CitationView& c) {
  std::string who = c.participant_role.empty() ? std::string("Participant") : c.participant_role;
  if (!c.participant_label.empty()) who += " (" + c.participant_label + ")";
  if (!c.participant_id) who = "Unknown participant";
  return who;
}

std::string cohort_line(const PersonaView& v) {
  return std::to_string(v.size.participants) + " participants, " + std::to_string(v.size.accounts) + " accounts, " +
         std::to_string(v.size.sources) + " sources, " + std::to_string(v.size.excerpts) + " excerpts";
}

// "3 of 4 participants, 5 sources": counted from the attribute's own citations.
std::string support_line(const AttributeView& a, const PersonaView& v) {
  std::string line = std::to_string(a.evidence.participants) + " of " + std::to_string(v.size.participants) +
                     " participants";
  if (a.evidence.voices > a.evidence.participants)
    line += " (+" + std::to_string(a.evidence.voices - a.evidence.participants) + " unattributed)";
  return line + ", " + std::to_string(a.evidence.sources) + " sources";
}

const char* status_mark(const std::string& status) {
  return status == "pass" ? "[x]" : status == "pending" ? "[ ]" : "[!]";
}

}  // namespace

ExportFormat parse_export_format(const std::string& text) {
  if (text == "md" || text == "markdown") return ExportFormat::markdown;
  if (text == "json") return ExportFormat::json;
  if (text == "html") return ExportFormat::html;
  throw invalid_input("unknown export format '" + text + "' (expected md, json or html)");
}

std::string content_type(ExportFormat format) {
  switch (format) {
    case ExportFormat::markdown: return "text/markdown; charset=utf-8";
    case ExportFormat::json: return "application/json";
    case ExportFormat::html: return "text/html; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string export_markdown(const PersonaView& v, const Checklist& checklist) {
  std::ostringstream md;
  Footnotes notes;
  md << "# " << markdown_text(v.persona.name) << " — " << v.kind_title << "\n\n";
  if (!v.persona.role.empty()) md << "**Role:** " << markdown_text(v.persona.role) << "  \n";
  md << "**Priority tier:** " << (v.sizing.tier.empty() ? "not set" : markdown_text(v.sizing.tier))
     << (v.sizing.basis.empty() ? "" : " (" + markdown_text(v.sizing.basis) + ")") << "  \n";
  if (v.sizing.all_accounts > 0)
    md << "**Market:** " << v.sizing.accounts << " of " << v.sizing.all_accounts << " accounts, " << v.sizing.users
       << " users  \n";
  md << "**Evidence score:** " << percent(v.evidence_score) << " · " << v.progress.summary
     << (v.progress.verified ? " · verified" : "") << "  \n";
  md << "**Cohort:** " << cohort_line(v) << "  \n";
  if (!v.flags.empty()) md << "**Persona flags:** " << flag_words(v.flags) << "  \n";
  md << "\n";

  std::string group;
  for (const SectionTemplate& s : persona_template(v.persona.kind).sections) {
    std::vector<const AttributeView*> items;
    for (const AttributeView& a : v.attributes)
      if (a.stored.attribute.section == s.key) items.push_back(&a);
    if (s.group != group) {
      group = s.group;
      md << "## " << group << "\n\n";
    }
    if (s.title != s.group) md << "### " << s.title << "\n\n";
    if (items.empty()) {
      md << "_No evidence yet._\n\n";
      continue;
    }
    int rank = 0;
    bool also = false;
    for (const AttributeView* a : items) {
      if (a->tier == "also_mentioned" && !also) {
        also = true;
        md << "\n_Also mentioned:_\n\n";
      }
      md << (s.style == SectionStyle::ranked && !also ? std::to_string(++rank) + ". " : "- ")
         << markdown_text(a->stored.attribute.text);
      for (const CitationView& c : a->citations) md << "[^" << notes.of(c) << "]";
      std::vector<std::string> shown = a->flags;
      if (a->verified) shown.push_back("verified");
      if (a->stored.basis == "cohort") shown.push_back("from cohort records");
      if (!shown.empty()) md << " _(" << flag_words(shown) << ")_";
      if (a->stored.basis != "cohort" && !a->citations.empty()) md << " — " << support_line(*a, v);
      md << "\n";
    }
    md << "\n";
  }

  md << "## Validation checklist\n\n";
  for (const ChecklistItem& i : checklist.items)
    md << "- " << status_mark(i.status) << " **" << i.title << "** — " << markdown_text(i.detail)
       << (i.at.empty() ? "" : " (" + date_of(i.at) + ")") << "\n";
  md << "\n";
  if (!checklist.warnings.empty()) {
    md << "## Warnings\n\n";
    for (const Warning& w : checklist.warnings) md << "- " << markdown_text(w.message) << "\n";
    md << "\n";
  }
  if (!notes.ordered.empty()) {
    md << "## Evidence\n\n";
    for (std::size_t i = 0; i < notes.ordered.size(); ++i) {
      const CitationView& c = *notes.ordered[i];
      md << "[^" << (i + 1) << "]: “" << markdown_text(c.excerpt.text) << "” — " << markdown_text(who_of(c)) << ", "
         << markdown_text(c.source_title) << " (" << to_string(c.source_kind)
         << (c.occurred_at.empty() ? "" : ", " + date_of(c.occurred_at)) << "), excerpt " << c.excerpt.id << "\n";
    }
  }
  // Rows written before text handling was UTF-8-aware may hold cut characters.
  return text::repair_utf8(md.str());
}

std::string export_json(const PersonaView& v, const Checklist& checklist) {
  nlohmann::json out = {{"format", "grounded.persona.v1"},
                        {"view", v},
                        {"checklist", checklist},
                        {"matrix", evidence_matrix(v)}};
  return dump_json(out, 2);
}

std::string export_html(const PersonaView& v, const Checklist& checklist) {
  std::ostringstream h;
  Footnotes notes;
  auto e = [](const std::string& s) { return escape_html(s); };
  h << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << e(v.persona.name) << " — "
    << e(v.kind_title) << "</title>\n"
    << "<style>\n"
       "body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}\n"
       "h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}\n"
       "h3{font-size:1rem;margin-bottom:.25rem}.meta{color:#555;font-size:.9rem}\n"
       "li{margin:.3rem 0}.flag{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:6px;margin-left:.3rem;border:1px solid #888}\n"
       ".flag-opinion_based{border-color:#b3261e;color:#b3261e}.flag-thin{border-color:#8a5a00;color:#8a5a00}\n"
       ".flag-contradicted{background:#b3261e;color:#fff}.flag-stale{color:#555}.flag-verified{border-color:#1e7a3a;color:#1e7a3a}\n"
       "sup a{text-decoration:none}.notes{font-size:.85rem}.notes q{font-family:Georgia,serif}\n"
       "@media print{body{margin:0;max-width:none}a{color:inherit}}\n"
       "</style></head><body>\n";
  h << "<h1>" << e(v.persona.name) << "</h1>\n<p class=\"meta\">" << e(v.kind_title);
  if (!v.persona.role.empty()) h << " · " << e(v.persona.role);
  h << " · priority tier: " << (v.sizing.tier.empty() ? "not set" : e(v.sizing.tier)) << "<br>"
    << "Evidence score " << percent(v.evidence_score) << " · " << e(v.progress.summary)
    << (v.progress.verified ? " · verified" : "") << "<br>Cohort: " << e(cohort_line(v)) << "</p>\n";
  std::string group;
  bool open_list = false;
  for (const SectionTemplate& s : persona_template(v.persona.kind).sections) {
    if (s.group != group) {
      group = s.group;
      h << "<h2>" << e(group) << "</h2>\n";
    }
    if (s.title != s.group) h << "<h3>" << e(s.title) << "</h3>\n";
    h << (s.style == SectionStyle::ranked ? "<ol>" : "<ul>") << "\n";
    open_list = false;
    for (const AttributeView& a : v.attributes) {
      if (a.stored.attribute.section != s.key) continue;
      open_list = true;
      h << "<li>" << e(a.stored.attribute.text);
      for (const CitationView& c : a.citations) {
        int n = notes.of(c);
        h << "<sup><a href=\"#note-" << n << "\">[" << n << "]</a></sup>";
      }
      for (const std::string& f : a.flags) h << "<span class=\"flag flag-" << e(f) << "\">" << e(flag_words({f})) << "</span>";
      if (a.verified) h << "<span class=\"flag flag-verified\">verified</span>";
      if (a.stored.basis == "cohort") h << "<span class=\"flag\">from cohort records</span>";
      if (a.tier == "also_mentioned") h << "<span class=\"flag\">also mentioned</span>";
      h << "</li>\n";
    }
    if (!open_list) h << "<li class=\"meta\">No evidence yet.</li>\n";
    h << (s.style == SectionStyle::ranked ? "</ol>" : "</ul>") << "\n";
  }
  h << "<h2>Validation checklist</h2>\n<ul>\n";
  for (const ChecklistItem& i : checklist.items)
    h << "<li>" << e(status_mark(i.status)) << " <strong>" << e(i.title) << "</strong> — " << e(i.detail) << "</li>\n";
  h << "</ul>\n";
  if (!checklist.warnings.empty()) {
    h << "<h2>Warnings</h2>\n<ul>\n";
    for (const Warning& w : checklist.warnings) h << "<li>" << e(w.message) << "</li>\n";
    h << "</ul>\n";
  }
  if (!notes.ordered.empty()) {
    h << "<h2>Evidence</h2>\n<ol class=\"notes\">\n";
    for (std::size_t i = 0; i < notes.ordered.size(); ++i) {
      const CitationView& c = *notes.ordered[i];
      h << "<li id=\"note-" << (i + 1) << "\"><q>" << e(c.excerpt.text) << "</q> — " << e(who_of(c)) << ", <cite>"
        << e(c.source_title) << "</cite> (" << e(std::string(to_string(c.source_kind)))
        << (c.occurred_at.empty() ? "" : ", " + e(date_of(c.occurred_at))) << ")</li>\n";
    }
    h << "</ol>\n";
  }
  h << "</body></html>\n";
  return text::repair_utf8(h.str());
}

std::string export_persona(store::Database& db, Id persona_id, ExportFormat format, const ChecklistOptions& options) {
  PersonaView view = load_persona_view(db, persona_id, options.evidence);
  Checklist checklist = persona_checklist(db, view, options);
  switch (format) {
    case ExportFormat::markdown: return export_markdown(view, checklist);
    case ExportFormat::json: return export_json(view, checklist);
    case ExportFormat::html: return export_html(view, checklist);
  }
  return "";
}

}  // namespace grounded::synth
