// Themes: reviewable groups of tags that say the same thing, the layer
// between tags and persona attributes (schema/0006_themes.sql).
//
// propose_themes() groups the repository's tags per category by meaning
// (theme_proposal.hpp) and stores the result; people then rename, re-word
// the claim, merge, split, move tags, confirm or dismiss. Every action is one
// transaction and one audit_log entry (entity "themes"). Re-proposing keeps
// what people did: confirmed and dismissed themes keep their status and
// members, renamed names and edited claims are never overwritten, tags a
// person placed (moved, split off, merged) stay where they were put, and a
// merged theme's grouping keys belong to the survivor, so it is not
// proposed again. A theme also owns the keys folded into it
// (theme_proposal.hpp), so new evidence said only the folded way
// ("duplicate bills") joins it.
//
// A tag is a member of every theme whose key phrase its evidence says
// (schema/0019_theme_shared_members.sql): "our IT guy reviewed the security
// questionnaire" backs an IT theme and a security-questionnaire one. Tags a
// person placed or that sit in a reviewed theme are anchored: a re-proposal
// leaves all their memberships as they are.
//
// For drafting, themes_for_cohort() gives each theme of a category with the
// tags, excerpts and participants of its evidence inside a cohort.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "store/database.hpp"
#include "synth/cohort.hpp"

namespace grounded::synth {

enum class ThemeStatus { proposed, confirmed, dismissed };
std::string_view to_string(ThemeStatus status);
ThemeStatus parse_theme_status(std::string_view text);  // Error(invalid_input) naming the accepted values

// One tag in a theme, with the evidence it rests on.
struct ThemeMember {
  Id tag_id = 0;
  Id excerpt_id = 0;
  Id source_id = 0;
  std::optional<Id> participant_id;
  std::string participant_label;  // "" when unknown
  std::string source_title;
  std::string origin;             // proposed | manual
  std::string evidence;           // the sentence(s) the tag rests on (questions and filler dropped)
  std::string added_by, added_at;
};

struct Theme {
  Id id = 0;
  std::string category;
  std::string name;
  std::string claim;
  ThemeStatus status = ThemeStatus::proposed;
  std::string name_origin = "proposed";   // manual once a person renamed it
  std::string claim_origin = "proposed";
  std::optional<Id> study_id;
  std::string created_by, created_at, updated_by, updated_at;
  std::int64_t excerpts = 0;      // distinct excerpts of its (non-rejected) tags
  std::int64_t participants = 0;  // distinct voices: participants, else sources without one
  std::vector<ThemeMember> members;  // filled by get_theme only
};
void to_json(nlohmann::json& out, const ThemeMember& member);
void to_json(nlohmann::json& out, const Theme& theme);

struct ProposeOptions {
  std::vector<std::string> categories;  // empty = every category; unknown ones are Error(invalid_input)
  bool include_suggested = false;       // also suggested tags at or above min_confidence
  double min_confidence = 0.8;
  // With include_suggested, suggested tags from this confidence up to
  // min_confidence back the themes the confident tags built when their own
  // words say a theme's key (theme_proposal.hpp, TagEvidence::supporting);
  // they never start, name or word a theme, and drafting cites them only
  // beside a confident tag of the same theme. ≥ min_confidence turns it off.
  double support_confidence = 0.6;
  std::string who = "grounded";
  // Only the tags of this study's sources. The themes it creates belong to
  // the study and own their grouping keys within it, so a study's proposal
  // and a repository-wide one never take each other's keys. The study's
  // tags leave the repository-wide proposed themes they were in and stay in
  // the study's themes (a later repository-wide proposal leaves them there);
  // a person's placements and reviewed themes are never touched.
  // Error(not_found) for an unknown study id.
  std::optional<Id> study_id;
};

struct ProposeReport {
  std::int64_t tags_read = 0;      // tags considered (not placed by a person, not in a confirmed/dismissed theme)
  std::int64_t no_evidence = 0;    // tags whose evidence is only questions or filler
  std::int64_t unthemed = 0;       // tags whose evidence holds no noun phrase to group by
  std::int64_t themes_created = 0;
  std::int64_t themes_updated = 0;  // existing proposed themes that got members again
  std::int64_t themes_removed = 0;  // proposed themes nobody touched whose key did not come back
  std::int64_t added_to_reviewed = 0;  // new tags placed in confirmed or dismissed themes by their key
  std::int64_t members = 0;        // proposed memberships written
  std::int64_t supporting = 0;     // tags below min_confidence that back a theme (see support_confidence)
  std::string lexicon;             // which lexicon grouped them, or why none was found
};
void to_json(nlohmann::json& out, const ProposeReport& report);

// Proposes themes for the repository's accepted tags (interviewer and agent
// turns never count), in one transaction with one audit entry. Deterministic
// for the same data.
ProposeReport propose_themes(store::Database& db, const ProposeOptions& options);

struct ThemeFilter {
  std::string category;                 // "" = all
  std::optional<ThemeStatus> status;    // nullopt = all
  std::optional<Id> study_id;           // only themes holding evidence from this study (counts stay the whole theme's)
};
// Themes with their counts, by category, then participants and excerpts (most first).
std::vector<Theme> list_themes(store::Database& db, const ThemeFilter& filter = {});
// One theme with its members (Error(not_found)).
Theme get_theme(store::Database& db, Id id);

// Actions. Each returns the theme as it is afterwards (with members).
// Error(not_found) for unknown ids, Error(invalid_input) for empty or
// over-long text (name ≤ 120 bytes, claim ≤ 400) or a tag of another category.
Theme rename_theme(store::Database& db, Id id, const std::string& name, const std::string& who);
Theme set_theme_claim(store::Database& db, Id id, const std::string& claim, const std::string& who);
// Both at once (either may be nullopt), checked before anything changes.
Theme edit_theme_words(store::Database& db, Id id, const std::optional<std::string>& name,
                       const std::optional<std::string>& claim, const std::string& who);
Theme confirm_theme(store::Database& db, Id id, const std::string& who);
Theme dismiss_theme(store::Database& db, Id id, const std::string& who);
// `from` joins `into` (same category, else invalid_input): its members become
// manual members of `into` (a tag both held keeps one membership), its keys
// move over, and `from` is deleted.
Theme merge_themes(store::Database& db, Id into, Id from, const std::string& who);
// The given tags of theme `id` leave it (and only it) for a new theme
// (status proposed, manual members) named `name` (or after the first tag's
// evidence when "").
// Tags not in the theme, or all of its tags, are invalid_input.
Theme split_theme(store::Database& db, Id id, const std::vector<Id>& tag_ids, const std::string& name,
                  const std::string& who);
// Moves a tag into theme `to` as a manual member, out of theme `from` only:
// the other themes its evidence backs keep it. Without `from`, the one other
// theme holding the tag is the source (none: the tag is only added); a tag
// in several other themes is invalid_input asking which. Its category must
// be the theme's; a `from` not holding the tag is invalid_input.
Theme move_tag(store::Database& db, Id tag_id, Id to, const std::string& who, std::optional<Id> from = std::nullopt);

// A theme seen through a cohort: only its evidence inside the cohort.
struct CohortTheme {
  Theme theme;                    // without members; counts are the whole theme's
  std::vector<Id> tag_ids;        // ascending
  std::vector<Id> excerpt_ids;    // ascending, distinct
  std::vector<Id> participant_ids;  // ascending, distinct (evidence without a participant adds none)
  std::int64_t voices = 0;        // participants, plus sources without a known participant
};
// The confirmed themes of `category` (and proposed ones when
// include_proposed; never dismissed) that keep at least one tag inside the
// cohort, most voices first. Rejected tags never count.
std::vector<CohortTheme> themes_for_cohort(store::Database& db, const std::string& category, const Cohort& cohort,
                                           bool include_proposed = true);

}  // namespace grounded::synth
