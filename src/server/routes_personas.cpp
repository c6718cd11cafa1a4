// Personas (the synthesizer, issue 5): thin handlers over synth/.
//
//   GET    /api/v1/personas                               list with size, score, flags, progress; anti-pattern warnings
//   POST   /api/v1/personas                               create {name, kind, role, cohort, priority_tier}
//   GET    /api/v1/personas/{id}                          the full view (attributes, citations, flags) + signoffs
//   PATCH  /api/v1/personas/{id}  (PUT too)               change name, role, cohort, priority_tier
//   DELETE /api/v1/personas/{id}
//   POST   /api/v1/personas/{id}/draft                    {include_suggested, min_suggested_confidence} → what changed
//   POST   /api/v1/personas/{id}/attributes               {section, text, excerpt_ids}
//   PATCH  /api/v1/personas/{id}/attributes/{aid}         {text}
//   DELETE /api/v1/personas/{id}/attributes/{aid}
//   POST   /api/v1/personas/{id}/attributes/{aid}/citations   {excerpt_id}
//   DELETE /api/v1/personas/{id}/citations/{cid}
//   POST   /api/v1/personas/{id}/citations/{cid}/verdict  {verdict, note, reviewer}
//   GET    /api/v1/personas/{id}/citations/{cid}/history  every verdict given
//   GET    /api/v1/personas/{id}/signoffs, POST {step, who, note}
//   GET    /api/v1/personas/{id}/checklist
//   GET    /api/v1/personas/{id}/gaps          sections with no or thin evidence + bank questions
//   GET    /api/v1/personas/{id}/evidence-matrix          themes × participants for the chart
//   GET    /api/v1/personas/{id}/export?format=md|json|html
//   GET    /api/v1/persona-templates                      sections per kind and the sign-off steps
//
// Who did it (acting_user): the signed-in user in team mode; on loopback a
// "reviewer"/"who" body field, else "reviewer" (verdicts, sign-offs) or
// "local" (other changes).
#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/json.hpp"
#include "server/route_context.hpp"
#include "synth/synth.hpp"

namespace grounded::server {
namespace {

using nlohmann::json;

std::string string_field(const json& body, const std::string& name, std::size_t max = 10000) {
  const json& value = body.at(name);
  if (!value.is_string()) throw invalid_input("'" + name + "' must be a string");
  if (value.get_ref<const std::string&>().size() > max)
    throw invalid_input("'" + name + "' is longer than " + std::to_string(max) + " characters");
  return value.get<std::string>();
}

Id id_field(const json& value, const std::string& name) {
  if (!value.is_number_integer() || value.get<std::int64_t>() <= 0)
    throw invalid_input("'" + name + "' must be an id (a positive whole number)");
  return value.get<Id>();
}

void reject_unknown(const json& body, std::initializer_list<const char*> allowed) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();  // a named variable: clang 14 cannot capture a structured binding
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* name) { return key == name; });
    if (!known) throw invalid_input("unknown field '" + key + "'");
  }
}

// The cohort may come as a JSON object or as JSON text.
std::string cohort_text(const json& value) {
  if (value.is_null()) return "{}";
  if (value.is_string()) return value.get<std::string>().empty() ? "{}" : value.get<std::string>();
  if (value.is_object()) return value.dump();
  throw invalid_input("'cohort' must be a JSON object");
}

// The attribute, checked to belong to the persona (else 404).
synth::StoredAttribute attribute_of(store::Database& db, Id persona_id, Id attribute_id) {
  synth::get_persona(db, persona_id);
  synth::StoredAttribute attribute = synth::get_attribute(db, attribute_id);
  if (attribute.attribute.persona_id != persona_id)
    throw not_found("attribute " + std::to_string(attribute_id) + " is not part of persona " + std::to_string(persona_id));
  return attribute;
}

void check_citation(store::Database& db, Id persona_id, Id citation_id) {
  synth::get_persona(db, persona_id);
  for (const synth::StoredCitation& c : synth::citations_of_persona(db, persona_id))
    if (c.citation.id == citation_id) return;
  throw not_found("citation " + std::to_string(citation_id) + " is not part of persona " + std::to_string(persona_id));
}

json persona_summary(store::Database& db, const synth::PersonaView& view) {
  json out = view.persona;
  out["kind_title"] = view.kind_title;
  out["size"] = view.size;
  out["sizing"] = view.sizing;
  out["cadence"] = synth::review_dates(db, view.persona.id);
  out["evidence_score"] = view.evidence_score;
  out["cited_share"] = view.cited_share;
  out["progress"] = view.progress;
  out["verified"] = view.progress.verified;
  out["flags"] = view.flags;
  std::int64_t flagged = 0, flags = static_cast<std::int64_t>(view.flags.size());
  json flag_counts = json::object();
  for (const synth::AttributeView& a : view.attributes) {
    if (!a.flags.empty()) ++flagged;
    flags += static_cast<std::int64_t>(a.flags.size());
    for (const std::string& f : a.flags) flag_counts[f] = flag_counts.value(f, 0) + 1;
  }
  out["attributes_total"] = view.attributes.size();
  out["attributes_flagged"] = flagged;
  out["flags_count"] = flags;
  out["flag_counts"] = flag_counts;
  return out;
}

json view_json(store::Database& db, Id id) {
  json out = synth::load_persona_view(db, id);
  out["signoffs"] = synth::signoffs_of(db, id);
  return out;
}

std::string export_filename(const Persona& persona, synth::ExportFormat format) {
  std::string slug;
  for (char ch : persona.name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) slug += static_cast<char>(std::tolower(c));
    else if (!slug.empty() && slug.back() != '-') slug += '-';
    if (slug.size() >= 60) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "persona";
  const char* ext = format == synth::ExportFormat::markdown ? "md" : format == synth::ExportFormat::json ? "json" : "html";
  return "persona-" + std::to_string(persona.id) + "-" + slug + "." + ext;
}

}  // namespace

void register_personas_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/v1/persona-templates", [](const httplib::Request&, httplib::Response& res) {
    json kinds = json::array();
    for (PersonaKind kind : {PersonaKind::buyer, PersonaKind::user, PersonaKind::icp}) {
      const synth::PersonaTemplate& t = synth::persona_template(kind);
      json sections = json::array();
      for (const synth::SectionTemplate& s : t.sections)
        sections.push_back({{"key", s.key}, {"title", s.title}, {"group", s.group}, {"style", synth::to_string(s.style)},
                            {"categories", s.categories}});
      kinds.push_back({{"kind", to_string(kind)}, {"title", t.title}, {"sections", sections}});
    }
    json steps = json::array();
    for (const synth::SignoffStep& s : synth::signoff_steps()) steps.push_back({{"key", s.key}, {"title", s.title}});
    send_json(res, {{"kinds", kinds}, {"signoff_steps", steps}});
  });

  http.Get("/api/v1/personas", [&context](const httplib::Request&, httplib::Response& res) {
    store::Database& db = context.db();
    json items = json::array();
    std::vector<Persona> personas = synth::list_personas(db);
    for (const Persona& p : personas) items.push_back(persona_summary(db, synth::load_persona_view(db, p.id)));
    json warnings = json::array();
    synth::ChecklistOptions defaults;
    if (static_cast<int>(personas.size()) > defaults.max_personas)
      warnings.push_back({{"key", "too_many_personas"},
                          {"message", std::to_string(personas.size()) +
                                          " personas: teams act on 3–5. Merge or drop the ones nobody prioritises."}});
    send_json(res, {{"items", items}, {"total", personas.size()}, {"warnings", warnings}});
  });

  http.Post("/api/v1/personas", [&context](const httplib::Request& req, httplib::Response& res) {
    json body = parse_json_body(req);
    reject_unknown(body, {"name", "kind", "role", "cohort", "priority_tier", "who"});
    synth::NewPersona persona;
    if (!body.contains("name")) throw invalid_input("'name' is required");
    persona.name = string_field(body, "name", 200);
    if (body.contains("kind")) persona.kind = parse_persona_kind(string_field(body, "kind", 20));
    if (body.contains("role")) persona.role = string_field(body, "role", 200);
    if (body.contains("cohort")) persona.cohort_json = cohort_text(body["cohort"]);
    if (body.contains("priority_tier")) persona.priority_tier = string_field(body, "priority_tier", 50);
    store::Database& db = context.db();
    Persona created = synth::create_persona(db, persona, acting_user(req, &body, "local"));
    send_json(res, persona_summary(db, synth::load_persona_view(db, created.id)), 201);
  });

  http.Get(R"(/api/v1/personas/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, view_json(context.db(), path_id(req, 1, "persona")));
  });

  auto edit_persona = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    json body = parse_json_body(req);
    reject_unknown(body, {"id", "name", "kind", "role", "cohort", "priority_tier", "who"});
    store::Database& db = context.db();
    Persona persona = synth::get_persona(db, id);
    if (body.contains("kind") && parse_persona_kind(string_field(body, "kind", 20)) != persona.kind)
      throw invalid_input("a persona's kind cannot change: create a new persona instead");
    if (body.contains("name")) persona.name = string_field(body, "name", 200);
    if (body.contains("role")) persona.role = string_field(body, "role", 200);
    if (body.contains("cohort")) persona.cohort_json = cohort_text(body["cohort"]);
    if (body.contains("priority_tier"))
      persona.priority_tier = body["priority_tier"].is_null() ? "" : string_field(body, "priority_tier", 50);
    synth::update_persona(db, persona, acting_user(req, &body, "local"));
    send_json(res, view_json(db, id));
  };
  http.Patch(R"(/api/v1/personas/([^/]+))", edit_persona);
  http.Put(R"(/api/v1/personas/([^/]+))", edit_persona);

  http.Delete(R"(/api/v1/personas/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    synth::delete_persona(context.db(), id, acting_user(req, nullptr, "local"));
    send_json(res, {{"deleted", id}});
  });

  http.Post(R"(/api/v1/personas/([^/]+)/draft)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    json body = req.body.empty() ? json::object() : parse_json_body(req);
    reject_unknown(body, {"include_suggested", "min_suggested_confidence", "who"});
    synth::DraftOptions options;
    if (body.contains("include_suggested")) {
      if (!body["include_suggested"].is_boolean()) throw invalid_input("'include_suggested' must be true or false");
      options.include_suggested = body["include_suggested"].get<bool>();
    }
    if (body.contains("min_suggested_confidence")) {
      const json& v = body["min_suggested_confidence"];
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1)
        throw invalid_input("'min_suggested_confidence' must be a number from 0 to 1");
      options.min_suggested_confidence = v.get<double>();
    }
    options.who = acting_user(req, &body, "local");
    store::Database& db = context.db();
    synth::DraftReport report = synth::draft_persona(db, id, options);
    send_json(res, {{"report", report}, {"persona", view_json(db, id)}});
  });

  http.Post(R"(/api/v1/personas/([^/]+)/attributes)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    json body = parse_json_body(req);
    reject_unknown(body, {"section", "text", "excerpt_ids", "who"});
    if (!body.contains("section")) throw invalid_input("'section' is required");
    if (!body.contains("text")) throw invalid_input("'text' is required");
    std::vector<Id> excerpts;
    if (body.contains("excerpt_ids")) {
      if (!body["excerpt_ids"].is_array()) throw invalid_input("'excerpt_ids' must be a list of excerpt ids");
      for (const json& e : body["excerpt_ids"]) excerpts.push_back(id_field(e, "excerpt_ids"));
    }
    store::Database& db = context.db();
    synth::get_persona(db, id);
    synth::StoredAttribute added = synth::add_attribute(db, id, string_field(body, "section", 200),
                                                        string_field(body, "text"), excerpts, acting_user(req, &body, "local"));
    json out = added.attribute;
    out["basis"] = added.basis;
    send_json(res, out, 201);
  });

  auto edit_attribute = [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    Id attribute_id = path_id(req, 2, "attribute");
    json body = parse_json_body(req);
    reject_unknown(body, {"text", "who"});
    if (!body.contains("text")) throw invalid_input("'text' is required");
    store::Database& db = context.db();
    attribute_of(db, id, attribute_id);
    synth::StoredAttribute edited = synth::edit_attribute(db, attribute_id, string_field(body, "text"),
                                                          acting_user(req, &body, "local"));
    json out = edited.attribute;
    out["basis"] = edited.basis;
    send_json(res, out);
  };
  http.Patch(R"(/api/v1/personas/([^/]+)/attributes/([^/]+))", edit_attribute);
  http.Put(R"(/api/v1/personas/([^/]+)/attributes/([^/]+))", edit_attribute);

  http.Delete(R"(/api/v1/personas/([^/]+)/attributes/([^/]+))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                Id id = path_id(req, 1, "persona");
                Id attribute_id = path_id(req, 2, "attribute");
                store::Database& db = context.db();
                attribute_of(db, id, attribute_id);
                synth::delete_attribute(db, attribute_id, acting_user(req, nullptr, "local"));
                send_json(res, {{"deleted", attribute_id}});
              });

  http.Post(R"(/api/v1/personas/([^/]+)/attributes/([^/]+)/citations)",
            [&context](const httplib::Request& req, httplib::Response& res) {
              Id id = path_id(req, 1, "persona");
              Id attribute_id = path_id(req, 2, "attribute");
              json body = parse_json_body(req);
              reject_unknown(body, {"excerpt_id", "who"});
              if (!body.contains("excerpt_id")) throw invalid_input("'excerpt_id' is required");
              Id excerpt_id = id_field(body["excerpt_id"], "excerpt_id");
              store::Database& db = context.db();
              attribute_of(db, id, attribute_id);
              synth::StoredCitation c = synth::attach_citation(db, attribute_id, excerpt_id, acting_user(req, &body, "local"));
              json out = c.citation;
              out["origin"] = c.origin;
              send_json(res, out, 201);
            });

  http.Delete(R"(/api/v1/personas/([^/]+)/citations/([^/]+))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                Id id = path_id(req, 1, "persona");
                Id citation_id = path_id(req, 2, "citation");
                store::Database& db = context.db();
                check_citation(db, id, citation_id);
                synth::detach_citation(db, citation_id, acting_user(req, nullptr, "local"));
                send_json(res, {{"deleted", citation_id}});
              });

  http.Post(R"(/api/v1/personas/([^/]+)/citations/([^/]+)/verdict)",
            [&context](const httplib::Request& req, httplib::Response& res) {
              Id id = path_id(req, 1, "persona");
              Id citation_id = path_id(req, 2, "citation");
              json body = parse_json_body(req);
              reject_unknown(body, {"verdict", "note", "reviewer", "who"});
              if (!body.contains("verdict")) throw invalid_input("'verdict' is required (supports | does_not_support)");
              CitationVerdict verdict = parse_citation_verdict(string_field(body, "verdict", 40));
              std::string note = body.contains("note") && !body["note"].is_null() ? string_field(body, "note", 4000) : "";
              store::Database& db = context.db();
              synth::StoredCitation c =
                  synth::record_verdict(db, id, citation_id, verdict, note, acting_user(req, &body, "reviewer"));
              json out = c.citation;
              out["origin"] = c.origin;
              send_json(res, {{"citation", out}, {"progress", synth::review_progress(db, id)}});
            });

  http.Get(R"(/api/v1/personas/([^/]+)/citations/([^/]+)/history)",
           [&context](const httplib::Request& req, httplib::Response& res) {
             Id id = path_id(req, 1, "persona");
             Id citation_id = path_id(req, 2, "citation");
             store::Database& db = context.db();
             check_citation(db, id, citation_id);
             send_json(res, {{"items", synth::verdict_history(db, citation_id)}});
           });

  http.Get(R"(/api/v1/personas/([^/]+)/signoffs)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    store::Database& db = context.db();
    synth::get_persona(db, id);
    send_json(res, {{"items", synth::signoffs_of(db, id)}});
  });

  http.Post(R"(/api/v1/personas/([^/]+)/signoffs)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    json body = parse_json_body(req);
    reject_unknown(body, {"step", "who", "reviewer", "note"});
    if (!body.contains("step")) throw invalid_input("'step' is required");
    std::string note = body.contains("note") && !body["note"].is_null() ? string_field(body, "note", 4000) : "";
    store::Database& db = context.db();
    synth::get_persona(db, id);
    synth::Signoff s =
        synth::record_signoff(db, id, string_field(body, "step", 100), acting_user(req, &body, "reviewer"), note);
    send_json(res, {{"signoff", s}, {"checklist", synth::persona_checklist(db, id)}}, 201);
  });

  http.Get(R"(/api/v1/personas/([^/]+)/checklist)", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, synth::persona_checklist(context.db(), path_id(req, 1, "persona")));
  });

  http.Get(R"(/api/v1/personas/([^/]+)/gaps)", [&context](const httplib::Request& req, httplib::Response& res) {
    send_json(res, synth::persona_gaps(context.db(), path_id(req, 1, "persona")));
  });

  http.Get(R"(/api/v1/personas/([^/]+)/evidence-matrix)",
           [&context](const httplib::Request& req, httplib::Response& res) {
             synth::PersonaView view = synth::load_persona_view(context.db(), path_id(req, 1, "persona"));
             send_json(res, synth::evidence_matrix(view));
           });

  http.Get(R"(/api/v1/personas/([^/]+)/export)", [&context](const httplib::Request& req, httplib::Response& res) {
    Id id = path_id(req, 1, "persona");
    synth::ExportFormat format = synth::parse_export_format(query_param(req, "format").value_or("md"));
    store::Database& db = context.db();
    Persona persona = synth::get_persona(db, id);
    std::string body = synth::export_persona(db, id, format);
    bool download = query_param(req, "download").has_value();
    // HTML opens in a tab to print; Markdown and JSON download under a readable name.
    std::string disposition = (format == synth::ExportFormat::html && !download) ? "inline" : "attachment";
    res.set_header("Content-Disposition", disposition + "; filename=\"" + export_filename(persona, format) + "\"");
    res.set_header("Cache-Control", "no-store");
    if (format == synth::ExportFormat::html) {
      // The standalone page carries its own <style>: allow inline style, still no script at all.
      res.headers.erase("Content-Security-Policy");
      res.set_header("Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                     "form-action 'none'; frame-ancestors 'none'");
    }
    res.set_content(body, synth::content_type(format));
  });
}

}  // namespace grounded::server
