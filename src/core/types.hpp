// Domain types shared by every module: the evidence (Source, Excerpt), the
// people behind it (Participant, Account), what the tagger says about it
// (Tag) and what the synthesizer builds from it (Persona, Attribute,
// Citation). Plain values; persistence lives in store/, JSON in core/json.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grounded {

using Id = std::int64_t;

enum class SourceKind { interview, ticket, review, survey, note };
enum class SpeakerRole { interviewer, participant, agent, customer, author, unknown };

// Lower-case names as stored in the database and used in JSON and the CLI.
std::string_view to_string(SourceKind kind);
std::string_view to_string(SpeakerRole role);
// Parse the names above; throw Error(invalid_input) naming the accepted values.
SourceKind parse_source_kind(std::string_view text);
SpeakerRole parse_speaker_role(std::string_view text);

struct Account {
  Id id = 0;
  std::string name;
  std::string industry;
  std::optional<std::int64_t> employees;
  std::optional<double> revenue;
  std::string region;
  std::string stage;
  std::string stack;
  std::string domain;  // web domain, lower case, "" = unknown (CRM imports match on it first)
};

// A pseudonymous person: `label` is what the UI shows ("P3", "Dev C.").
struct Participant {
  Id id = 0;
  std::string label;
  std::string role;       // job role, e.g. "Finance lead"
  std::string seniority;
  std::string segment;
  std::optional<Id> account_id;
};

// One unit of evidence: an interview, a ticket, a review, a survey answer.
struct Source {
  Id id = 0;
  SourceKind kind = SourceKind::interview;
  std::string title;
  std::optional<Id> participant_id;
  std::optional<Id> account_id;
  std::optional<Id> study_id;  // unset when writing: the store files it under "Unsorted"
  std::string occurred_at;  // ISO-8601 date or date-time; empty when unknown
  std::string origin;       // original file name (plus row for exports)
  std::string format;       // detected format, e.g. "webvtt", "zendesk_csv"
  std::string body;         // normalised UTF-8 text; excerpt offsets point into it
  std::string meta_json = "{}";
  std::string created_at;
};

// A citable span of a source: a speaker turn or a readable part of one.
struct Excerpt {
  Id id = 0;
  Id source_id = 0;
  int ordinal = 0;
  std::string speaker;
  SpeakerRole speaker_role = SpeakerRole::unknown;
  std::optional<Id> participant_id;
  std::int64_t start_byte = 0;  // UTF-8 byte offsets into Source::body
  std::int64_t end_byte = 0;
  std::optional<std::int64_t> start_ms;
  std::optional<std::int64_t> end_ms;
  std::string text;
};

enum class TagOrigin { rule, context, model, human };
enum class TagStatus { suggested, accepted, rejected };
std::string_view to_string(TagOrigin origin);
std::string_view to_string(TagStatus status);
TagOrigin parse_tag_origin(std::string_view text);
TagStatus parse_tag_status(std::string_view text);

// A claim about an excerpt: "this is a pain point about wasted time".
struct Tag {
  Id id = 0;
  Id excerpt_id = 0;
  std::optional<std::int64_t> span_start;  // byte offsets inside the excerpt text
  std::optional<std::int64_t> span_end;
  std::string category;          // taxonomy category, e.g. "pain_point"
  std::string subfields_json = "{}";  // e.g. {"impact":"time"} or JTBD parts
  std::string theme;             // short label, e.g. "manual re-keying"
  double confidence = 0.0;
  // How unsure the tagger was about the excerpt when it suggested this (0
  // sure … 1 on the decision boundary; see tagger/uncertainty.hpp); absent
  // for human tags and tags written before it was recorded.
  std::optional<double> uncertainty;
  TagOrigin origin = TagOrigin::rule;
  TagStatus status = TagStatus::suggested;
  std::string rationale;         // readable: which rule, question, model score
  std::string created_by;
  std::string created_at;
  std::string updated_at;
};

enum class PersonaKind { buyer, user, icp };
std::string_view to_string(PersonaKind kind);
PersonaKind parse_persona_kind(std::string_view text);

struct Persona {
  Id id = 0;
  PersonaKind kind = PersonaKind::buyer;
  std::string name;
  std::string role;
  std::string cohort_json = "{}";  // filter over participants/accounts/kinds/tags
  std::string priority_tier;       // empty = not prioritised
  std::string created_at;
  std::string updated_at;
  std::string reviewed_at;
  std::string drafted_at;
};

enum class AttributeOrigin { drafted, manual };
std::string_view to_string(AttributeOrigin origin);

struct Attribute {
  Id id = 0;
  Id persona_id = 0;
  std::string section;  // e.g. "goals", "pain_points", "buying_behavior.trigger"
  std::string text;
  AttributeOrigin origin = AttributeOrigin::drafted;
  int position = 0;
  std::string theme_key;   // stable key of the theme it was drafted from
  std::string edited_at;   // set when a person edits the text
  std::string created_at;
};

enum class CitationVerdict { unreviewed, supports, does_not_support };
std::string_view to_string(CitationVerdict verdict);
CitationVerdict parse_citation_verdict(std::string_view text);

struct Citation {
  Id id = 0;
  Id attribute_id = 0;
  Id excerpt_id = 0;
  CitationVerdict verdict = CitationVerdict::unreviewed;
  std::string reviewer;
  std::string reviewed_at;
  std::string note;
};

}  // namespace grounded
