// Personas, their attributes and citations: creation, editing, citation
// review and sign-offs. Every change a person makes is one transaction and
// one audit_log entry (who, when, before, after).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "synth/draft_plan.hpp"

namespace grounded::synth {

struct NewPersona {
  std::string name;
  PersonaKind kind = PersonaKind::buyer;
  std::string role;
  std::string cohort_json = "{}";
  std::string priority_tier;
};

// Creates a persona. Throws Error(invalid_input) for an empty name or a bad
// cohort (see cohort.hpp); the cohort is stored in its canonical form.
Persona create_persona(store::Database& db, const NewPersona& persona, const std::string& who);
Persona get_persona(store::Database& db, Id id);  // Error(not_found)
std::vector<Persona> list_personas(store::Database& db);  // by id
// Changes name, role, cohort and tier (validated as in create_persona).
Persona update_persona(store::Database& db, const Persona& persona, const std::string& who);
void delete_persona(store::Database& db, Id id, const std::string& who);  // Error(not_found)

// An attribute with what the core type lacks: its basis ("evidence" attributes
// must cite; "cohort" attributes are computed from participant/account rows).
struct StoredAttribute {
  Attribute attribute;
  std::string basis = "evidence";
};

struct StoredCitation {
  Citation citation;
  std::string origin = "accepted_tag";  // accepted_tag | suggested_tag | manual
};

std::vector<StoredAttribute> attributes_of(store::Database& db, Id persona_id);  // by section order, position
StoredAttribute get_attribute(store::Database& db, Id attribute_id);              // Error(not_found)
std::vector<StoredCitation> citations_of_persona(store::Database& db, Id persona_id);

// Adds a hand-written attribute (origin manual) to a section of the persona's
// kind, citing the given excerpts. Unknown section or excerpt, or empty text,
// throw Error(invalid_input). Without citations it will be flagged opinion_based.
StoredAttribute add_attribute(store::Database& db, Id persona_id, const std::string& section, const std::string& text,
                              const std::vector<Id>& excerpt_ids, const std::string& who);
// Replaces the text and stamps edited_at: re-drafting keeps it, and it shows
// as "edited since review" when it had been reviewed.
StoredAttribute edit_attribute(store::Database& db, Id attribute_id, const std::string& text, const std::string& who);
void delete_attribute(store::Database& db, Id attribute_id, const std::string& who);

// Attaches an excerpt as evidence (origin manual). Attaching one already
// cited returns the existing citation. Error(not_found) for unknown ids.
StoredCitation attach_citation(store::Database& db, Id attribute_id, Id excerpt_id, const std::string& who);
void detach_citation(store::Database& db, Id citation_id, const std::string& who);

// Records a reviewer's verdict on one citation of the persona (supports |
// does_not_support; "unreviewed" resets it) with an optional note, stamps
// the persona's reviewed_at, and appends the verdict to the audit log.
// Error(not_found) when the citation does not belong to the persona.
StoredCitation record_verdict(store::Database& db, Id persona_id, Id citation_id, CitationVerdict verdict,
                              const std::string& note, const std::string& reviewer);
// Every verdict ever given on a citation, oldest first (from the audit log).
nlohmann::json verdict_history(store::Database& db, Id citation_id);

// What a re-draft did to one attribute.
struct DraftChange {
  std::string change;  // added | updated | removed | kept (a person's edit, untouched) | unchanged
  Id attribute_id = 0;
  std::string section;
  std::string text;
  std::string theme_key;
};
void to_json(nlohmann::json& out, const DraftChange& change);

struct DraftMerge {
  std::vector<DraftChange> changes;
  std::int64_t added = 0, updated = 0, removed = 0, kept = 0, unchanged = 0;
};

// Makes the persona's drafted attributes those of `drafted`, in one
// transaction (the caller's, when one is open; else its own) with one audit entry ("persona.draft", the counts plus
// `audit_detail`). Manual attributes and attributes a person edited are kept
// as they are (and win over a drafted one of the same section and theme key);
// drafted attributes are matched by (section, theme key) so citation verdicts
// and manually attached citations survive; drafted attributes no longer
// planned are removed. Stamps the persona's drafted_at.
DraftMerge merge_drafted_attributes(store::Database& db, Id persona_id, const std::vector<DraftedAttribute>& drafted,
                                    const std::string& who, const nlohmann::json& audit_detail = nlohmann::json::object());

struct Signoff {
  std::string step;
  std::string who;
  std::string note;
  std::string at;
};
void to_json(nlohmann::json& out, const Signoff& signoff);

// Records (or re-records) a human checklist step; the step must be one of
// signoff_steps() and `who` non-empty, else Error(invalid_input).
Signoff record_signoff(store::Database& db, Id persona_id, const std::string& step, const std::string& who,
                       const std::string& note = "");
std::vector<Signoff> signoffs_of(store::Database& db, Id persona_id);

}  // namespace grounded::synth
