// Exports of a persona: Markdown (the method's template layout, numbered
// footnote citations), JSON (the full evidence graph) and a print-friendly,
// standalone HTML page (every piece of text escaped).
#pragma once

#include <string>

#include "synth/checklist.hpp"
#include "synth/persona_view.hpp"

namespace grounded::synth {

enum class ExportFormat { markdown, json, html };
// "md"/"markdown", "json", "html"; else Error(invalid_input).
ExportFormat parse_export_format(const std::string& text);
std::string content_type(ExportFormat format);  // for HTTP responses

std::string export_markdown(const PersonaView& view, const Checklist& checklist);
std::string export_json(const PersonaView& view, const Checklist& checklist);
std::string export_html(const PersonaView& view, const Checklist& checklist);

// Loads the view and checklist and renders one format: what a route calls.
std::string export_persona(store::Database& db, Id persona_id, ExportFormat format,
                           const ChecklistOptions& options = {});

// HTML-escapes & < > " ' (for our HTML and for anyone embedding text).
std::string escape_html(const std::string& text);

}  // namespace grounded::synth
