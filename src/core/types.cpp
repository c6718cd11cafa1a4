#include "core/types.hpp"

#include <array>
#include <utility>

#include "core/error.hpp"

namespace grounded {
namespace {

// One table per enum keeps names and parsing in a single place.
template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<SourceKind, 5> kSourceKinds{{{SourceKind::interview, "interview"},
                                                 {SourceKind::ticket, "ticket"},
                                                 {SourceKind::review, "review"},
                                                 {SourceKind::survey, "survey"},
                                                 {SourceKind::note, "note"}}};
constexpr NameTable<SpeakerRole, 6> kSpeakerRoles{{{SpeakerRole::interviewer, "interviewer"},
                                                   {SpeakerRole::participant, "participant"},
                                                   {SpeakerRole::agent, "agent"},
                                                   {SpeakerRole::customer, "customer"},
                                                   {SpeakerRole::author, "author"},
                                                   {SpeakerRole::unknown, "unknown"}}};
constexpr NameTable<TagOrigin, 4> kTagOrigins{{{TagOrigin::rule, "rule"},
                                               {TagOrigin::context, "context"},
                                               {TagOrigin::model, "model"},
                                               {TagOrigin::human, "human"}}};
constexpr NameTable<TagStatus, 3> kTagStatuses{{{TagStatus::suggested, "suggested"},
                                                {TagStatus::accepted, "accepted"},
                                                {TagStatus::rejected, "rejected"}}};
constexpr NameTable<PersonaKind, 3> kPersonaKinds{
    {{PersonaKind::buyer, "buyer"}, {PersonaKind::user, "user"}, {PersonaKind::icp, "icp"}}};
constexpr NameTable<AttributeOrigin, 2> kAttributeOrigins{
    {{AttributeOrigin::drafted, "drafted"}, {AttributeOrigin::manual, "manual"}}};
constexpr NameTable<CitationVerdict, 3> kVerdicts{{{CitationVerdict::unreviewed, "unreviewed"},
                                                   {CitationVerdict::supports, "supports"},
                                                   {CitationVerdict::does_not_support, "does_not_support"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return "unknown";
}

template <typename Enum, std::size_t N>
Enum parse_name(const NameTable<Enum, N>& table, std::string_view text, std::string_view what) {
  for (const auto& [e, name] : table)
    if (name == text) return e;
  std::string accepted;
  for (const auto& [e, name] : table) accepted += (accepted.empty() ? "" : ", ") + std::string(name);
  throw invalid_input("unknown " + std::string(what) + " '" + std::string(text) + "' (expected one of: " +
                      accepted + ")");
}

}  // namespace

std::string_view to_string(SourceKind kind) { return name_of(kSourceKinds, kind); }
std::string_view to_string(SpeakerRole role) { return name_of(kSpeakerRoles, role); }
std::string_view to_string(TagOrigin origin) { return name_of(kTagOrigins, origin); }
std::string_view to_string(TagStatus status) { return name_of(kTagStatuses, status); }
std::string_view to_string(PersonaKind kind) { return name_of(kPersonaKinds, kind); }
std::string_view to_string(AttributeOrigin origin) { return name_of(kAttributeOrigins, origin); }
std::string_view to_string(CitationVerdict verdict) { return name_of(kVerdicts, verdict); }

SourceKind parse_source_kind(std::string_view text) { return parse_name(kSourceKinds, text, "source kind"); }
SpeakerRole parse_speaker_role(std::string_view text) { return parse_name(kSpeakerRoles, text, "speaker role"); }
TagOrigin parse_tag_origin(std::string_view text) { return parse_name(kTagOrigins, text, "tag origin"); }
TagStatus parse_tag_status(std::string_view text) { return parse_name(kTagStatuses, text, "tag status"); }
PersonaKind parse_persona_kind(std::string_view text) { return parse_name(kPersonaKinds, text, "persona kind"); }
CitationVerdict parse_citation_verdict(std::string_view text) {
  return parse_name(kVerdicts, text, "citation verdict");
}

}  // namespace grounded
