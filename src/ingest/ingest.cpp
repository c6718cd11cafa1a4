#include "ingest/ingest.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "ingest/bounded_queue.hpp"
#include "ingest/crm_import.hpp"
#include "ingest/detect.hpp"
#include "ingest/participant_identity.hpp"
#include "ingest/pseudonymize.hpp"
#include "ingest/contact_names.hpp"
#include "ingest/redact.hpp"
#include "ingest/roles.hpp"
#include "ingest/segmenter.hpp"
#include "ingest/sha256.hpp"
#include "ingest/speaker_labels.hpp"
#include "ingest/stored_file_metadata.hpp"
#include "ingest/study_manifest.hpp"
#include "ingest/surveys.hpp"
#include "ingest/text_util.hpp"
#include "ingest/usage_spec.hpp"
#include "segments/sample_usage.hpp"
#include "store/people.hpp"
#include "store/savepoint.hpp"
#include "store/sources.hpp"
#include "store/studies.hpp"

namespace grounded::ingest {
namespace {

bool speaks_for_participant(SpeakerRole r) {
  return r == SpeakerRole::participant || r == SpeakerRole::customer || r == SpeakerRole::author;
}

std::string stem_title(std::string_view origin) {
  std::string stem = std::filesystem::path(std::string(origin)).stem().string();
  std::replace(stem.begin(), stem.end(), '_', ' ');
  return stem;
}

// Which turns are the participant's words, decided before names change.
std::vector<bool> participant_turns(const ParsedSource& src) {
  std::vector<bool> mine(src.turns.size(), false);
  if (src.participant_name.empty()) return mine;
  bool by_name = false;
  for (const Turn& t : src.turns) by_name |= iequals(t.speaker, src.participant_name);
  std::set<std::string> participant_speakers;
  for (const Turn& t : src.turns)
    if (t.role == SpeakerRole::participant && !t.speaker.empty()) participant_speakers.insert(t.speaker);
  for (std::size_t i = 0; i < src.turns.size(); ++i) {
    const Turn& t = src.turns[i];
    if (by_name) mine[i] = iequals(t.speaker, src.participant_name);
    else if (src.kind == SourceKind::interview)
      mine[i] = t.role == SpeakerRole::participant &&
                (participant_speakers.size() == 1 || (participant_speakers.empty() && t.speaker.empty()));
    else mine[i] = t.role == SpeakerRole::customer || t.role == SpeakerRole::author;
  }
  return mine;
}

// In a group interview every participant-side speaker other than the
// source's participant is a person too ("Speaker 2 (call.txt)", "Lee Park"):
// their participant labels by turn, "" for other turns. Not when the user
// named the file's participant: then the file's words are that person's.
std::vector<std::string> other_people(store::Database& db, const ParsedSource& src, const std::vector<bool>& mine,
                                      std::string_view origin, const IngestOptions& o, const store::Study& study) {
  std::vector<std::string> labels(src.turns.size());
  if (src.kind != SourceKind::interview || !o.participant.empty()) return labels;
  for (std::size_t i = 0; i < src.turns.size(); ++i) {
    const Turn& t = src.turns[i];
    if (!mine[i] && t.role == SpeakerRole::participant && !t.speaker.empty())
      labels[i] = participant_label(db, t.speaker, origin, false, study);
  }
  return labels;
}

// Stable participant pseudonyms across files: the participant row keeps a
// digest of the real name (never the name), so the same person gets the
// same P-number in every file of the study (participant_identity.hpp: a
// name is a person within its study).
class PseudonymBook {
 public:
  PseudonymBook(store::Database& db, Id study_id) : db_(db), study_id_(study_id) {}

  std::string participant(const std::string& name) {
    std::string key = sha256_hex("grounded-participant\n" + to_lower_ascii(trim(name)));
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::string label = known_label(key);
    if (label.empty()) {
      auto max = db_.prepare(
          "SELECT COALESCE(MAX(CAST(substr(label, 2) AS INTEGER)), 0) FROM participants WHERE label GLOB 'P[0-9]*'");
      max.step();
      std::int64_t next = std::max<std::int64_t>(max.int64(0), reserved_) + 1;
      reserved_ = next;
      label = "P" + std::to_string(next);
      pending_keys_[label] = key;
    }
    cache_[key] = label;
    return label;
  }
  // Records the name digest on a participant row created for a new pseudonym.
  void remember(const std::string& label, Id participant_id) {
    auto it = pending_keys_.find(label);
    if (it == pending_keys_.end()) return;
    auto up = db_.prepare("UPDATE participants SET meta = json_set(meta, '$.name_key', ?) WHERE id = ?");
    up.bind(1, it->second).bind(2, participant_id).run();
    pending_keys_.erase(it);
  }
  // The P-number of the person with this name digest in the study, or of one
  // who speaks nowhere yet; "" when there is none.
  std::string known_label(const std::string& key) {
    auto find = db_.prepare("SELECT id, label FROM participants WHERE json_extract(meta, '$.name_key') = ? ORDER BY id");
    find.bind(1, key);
    std::string unplaced;
    while (find.step()) {
      const store::Placement placement = store::participant_placement(db_, find.int64(0), study_id_);
      if (placement == store::Placement::in_study) return find.text(1);
      if (placement == store::Placement::nowhere && unplaced.empty()) unplaced = find.text(1);
    }
    return unplaced;
  }

  std::string staff(const std::string& name, SpeakerRole role) {
    auto& table = role == SpeakerRole::agent ? agents_ : interviewers_;
    if (auto it = table.find(name); it != table.end()) return it->second;
    std::string label = (role == SpeakerRole::agent ? "A" : "I") + std::to_string(table.size() + 1);
    table[name] = label;
    return label;
  }

 private:
  store::Database& db_;
  Id study_id_;
  std::map<std::string, std::string> cache_, pending_keys_, interviewers_, agents_;
  std::int64_t reserved_ = 0;
};

// Adds the seconds from construction to destruction to one stage counter
// (nothing when stages are not asked for).
class StageTimer {
 public:
  StageTimer(IngestStages* stages, double IngestStages::*stage)
      : slot_(stages ? &(stages->*stage) : nullptr), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    if (slot_) *slot_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  double* slot_;
  std::chrono::steady_clock::time_point start_;
};

void prepare_sources(ParsedFile& file, std::string_view origin, const IngestOptions& o, RedactionCounts& counts) {
  const bool single = file.sources.size() == 1;
  ContactNameCleaner names;  // one per file: the same address is the same "Requester N" in every source
  for (ParsedSource& src : file.sources) {
    if (o.kind && (src.kind == SourceKind::interview || src.kind == SourceKind::note) &&
        *o.kind != SourceKind::ticket && *o.kind != SourceKind::review)
      src.kind = *o.kind;
    if (single && !o.title.empty()) src.title = o.title;
    if (single && !o.occurred_at.empty()) src.occurred_at = o.occurred_at;
    if (src.title.empty()) src.title = stem_title(origin);
    if (src.kind == SourceKind::interview) assign_interview_roles(src, o.interviewer);
    if (!o.participant.empty()) src.participant_name = o.participant;
    if (!o.role.empty()) src.participant_role = o.role;
    if (!o.account.empty()) src.account_name = o.account;
    if (src.participant_name.empty() && src.kind == SourceKind::interview) {
      std::set<std::string> speakers;
      for (const Turn& t : src.turns)
        if (t.role == SpeakerRole::participant && !t.speaker.empty()) speakers.insert(t.speaker);
      if (speakers.size() == 1) src.participant_name = *speakers.begin();
      if (src.meta.value("unlabelled", false)) src.participant_name = "Participant";
    }
    if (o.redact) {
      StageTimer timer(o.stages, &IngestStages::redact);
      const PiiTypes types = o.redact_types;
      const std::string stand_in = src.kind == SourceKind::ticket   ? "Requester"
                                   : src.kind == SourceKind::review ? "Reviewer"
                                                                    : "Speaker";
      src.title = redact_pii(src.title, &counts, types);
      src.participant_name = names.clean(src.participant_name, stand_in, types, counts);
      src.participant_role = redact_pii(src.participant_role, &counts, types);
      src.account_name = names.clean(src.account_name, "Account", types, counts);
      for (Turn& t : src.turns) {
        t.text = redact_pii(t.text, &counts, types);
        t.speaker = names.clean(t.speaker, stand_in, types, counts);
        t.heading = names.clean(t.heading, stand_in, types, counts);
      }
      redact_json(src.meta, &counts, types);
    }
  }
}

// Survey answers, each with its import and, when an open answer made one,
// its source and that source's participant.
void store_survey_answers(store::Database& db, Id import_id, const std::vector<SurveyAnswer>& answers,
                          const std::vector<Id>& source_ids) {
  if (answers.empty()) return;
  auto insert = db.prepare(
      "INSERT INTO survey_answers (import_id, respondent, source_id, participant_id, question, answer, kind)"
      " VALUES (?1, ?2, ?3, (SELECT participant_id FROM sources WHERE id = ?3), ?4, ?5, ?6)");
  for (const SurveyAnswer& a : answers) {
    std::optional<Id> source;
    if (a.source >= 0 && static_cast<std::size_t>(a.source) < source_ids.size()) source = source_ids[a.source];
    insert.reset();
    insert.bind(1, import_id).bind(2, a.respondent).bind(3, source).bind(4, a.question).bind(5, a.answer).bind(6, a.kind);
    insert.run();
  }
}

// Response ids of every survey respondent stored so far ("row N" ids name
// no one across files and are left out).
std::set<std::string> stored_survey_respondents(store::Database& db) {
  std::set<std::string> out;
  auto read = db.prepare("SELECT DISTINCT respondent FROM survey_answers WHERE respondent NOT LIKE 'row %'");
  while (read.step()) out.insert(read.text(0));
  return out;
}

// A CRM companies or deals export goes to accounts and deals in its own
// transaction (ingest/crm_import.hpp), not to sources; nullopt otherwise.
std::optional<IngestReport> import_if_crm(store::Database& db, std::string_view origin_name, std::string_view bytes,
                                          const IngestOptions& options) {
  if (options.kind || !is_crm_export(origin_name, bytes, options.column_map)) return std::nullopt;
  auto crm = import_crm_export(db, origin_name, bytes, options.column_map, options.actor);
  if (!crm) return std::nullopt;
  IngestReport report;
  report.origin = std::string(origin_name);
  report.status = "stored";
  report.format = crm->format;
  report.records = crm->summary();
  return report;
}

// A file parsed, redacted and checked, ready to write; or already stored.
struct PreparedFile {
  IngestReport report;
  ParsedFile file;
  RedactionCounts counts;
  std::string digest;
  std::int64_t byte_size = 0;
  // One per source, cut ahead on the reading thread; empty when the writer
  // segments (pseudonymized names are chosen with the database, and they
  // change the body's headings).
  std::vector<Segmented> segmented;
  // Why the bytes could not be parsed, kept by the reading thread: reported
  // only when the same bytes are not stored already.
  std::optional<Error> error;
};

// Makes `report` say the file's bytes were stored before, as `previous`
// (applying the upload's fields to that source when asked: its own
// transactions, so no transaction may be open).
void report_already_stored(store::Database& db, const store::Import& previous, const IngestOptions& options,
                           IngestReport& report) {
  report.status = "already_stored";
  report.format = previous.format;
  report.source_ids.clear();
  auto ids = db.prepare("SELECT id FROM sources WHERE import_id = ? ORDER BY id");
  ids.bind(1, previous.id);
  while (ids.step()) report.source_ids.push_back(ids.int64(0));
  report.message = "the same bytes were ingested as " + previous.origin + " on " + previous.created_at;
  if (options.apply_to_stored && report.source_ids.size() == 1) {
    report.applied = apply_to_stored_source(db, report.source_ids[0], options);
    for (const std::string& line : report.applied) report.message += "; " + line;
  }
}

// True, with the report saying so (and metadata applied when asked), when the
// same bytes were ingested before.
bool already_stored(store::Database& db, PreparedFile& out, const IngestOptions& options) {
  auto previous = store::find_import(db, out.digest);
  if (!previous) return false;
  report_already_stored(db, *previous, options, out.report);
  return true;
}

// Decodes, parses and redacts: no database, so it may run on another thread
// than the writer. Throws Error naming the file.
void parse_into(PreparedFile& out, std::string_view bytes, const IngestOptions& options) {
  IngestReport& report = out.report;
  const double redact_before = options.stages ? options.stages->redact : 0;
  try {
    StageTimer timer(options.stages, &IngestStages::parse);
    out.file = parse_file(report.origin, bytes, options.kind, options.column_map, options.unlabelled);
    prepare_sources(out.file, report.origin, options, out.counts);
  } catch (const Error& e) {
    throw Error(e.kind(), report.origin + ": " + e.what());
  }
  if (options.stages) options.stages->parse -= options.stages->redact - redact_before;  // its own stage
  report.format = out.file.format;
  report.skipped_rows = out.file.skipped_rows;
  report.redactions = out.counts.total();
}

PreparedFile start_prepared(std::string_view origin_name, std::string_view bytes) {
  PreparedFile out;
  out.report.origin = std::string(origin_name);
  out.digest = sha256_hex(bytes);
  out.byte_size = static_cast<std::int64_t>(bytes.size());
  return out;
}

// For one file on the writer's thread: stored already, or parsed (throws).
PreparedFile prepare_file(store::Database& db, std::string_view origin_name, std::string_view bytes,
                          const IngestOptions& options) {
  PreparedFile out = start_prepared(origin_name, bytes);
  if (!already_stored(db, out, options)) parse_into(out, bytes, options);
  return out;
}

// The reading thread's share of a file: digest, parse, redact and segment,
// a failure kept in `error` for the writer to report in its turn.
PreparedFile prepare_ahead(std::string_view origin_name, std::string_view bytes, const IngestOptions& options,
                           Segmenter& segmenter) {
  PreparedFile out = start_prepared(origin_name, bytes);
  try {
    parse_into(out, bytes, options);
  } catch (const Error& e) {
    out.error = e;
    return out;
  }
  if (options.pseudonymize) return out;
  StageTimer timer(options.stages, &IngestStages::segment);
  try {
    for (const ParsedSource& src : out.file.sources) out.segmented.push_back(segmenter.segment(src));
  } catch (const Error&) {
    out.segmented.clear();  // the writer segments again and reports the error in its context
  }
  return out;
}

// Writes a prepared file inside the caller's transaction (or savepoint); its
// FTS rows are left to writer.index_pending(). Throws Error naming the file.
void write_file(store::Database& db, store::SourceWriter& writer, PreparedFile& prepared, const IngestOptions& options) {
  IngestReport& report = prepared.report;
  ParsedFile& file = prepared.file;
  const RedactionCounts& counts = prepared.counts;
  const auto started = std::chrono::steady_clock::now();
  const double segment_before = options.stages ? options.stages->segment : 0;
  try {
    // A survey export downloaded again: the respondents stored before count once.
    const std::size_t known_respondents =
        file.survey_answers.empty() ? 0 : drop_known_respondents(file, stored_survey_respondents(db));
    store::Import imp;
    imp.origin = report.origin;
    imp.sha256 = prepared.digest;
    imp.format = file.format;
    imp.byte_size = prepared.byte_size;
    store::insert_import(db, imp);
    store::Study study;
    study.name = options.study.empty() ? std::string(store::kUnsortedStudy) : options.study;
    study = store::get_study(db, store::upsert_study(db, study, "ingest"));
    const Id study_id = study.id;

    PseudonymBook book(db, study_id);
    std::optional<Segmenter> segmenter;  // made only when not segmented ahead: making one is expensive
    const auto total = static_cast<std::int64_t>(file.sources.size());
    std::int64_t done = 0;
    std::set<Id> spanned;  // participants of this file, checked for spanning many sources at the end
    for (std::size_t source_index = 0; source_index < file.sources.size(); ++source_index) {
      ParsedSource& src = file.sources[source_index];
      const std::string origin = report.origin + src.origin_suffix;
      std::vector<bool> mine = participant_turns(src);
      std::vector<std::string> others = other_people(db, src, mine, origin, options, study);
      std::string label;
      if (!src.participant_name.empty())
        label = participant_label(db, src.participant_name, origin,
                                  !options.participant.empty() || src.participant_named, study);
      if (options.pseudonymize) {
        Pseudonymizer names;
        if (!src.participant_name.empty()) {
          label = book.participant(label);
          names.add(src.participant_name, label);
        }
        for (const Turn& t : src.turns) {
          // "Unknown Speaker" names nobody: nothing to hide, and no I-number to suggest an interviewer.
          if (t.speaker.empty() || names.knows(t.speaker) || is_unidentified_label(t.speaker)) continue;
          if (speaks_for_participant(t.role)) names.add(t.speaker, book.participant(participant_label(db, t.speaker, origin, false, study)));
          else names.add(t.speaker, book.staff(t.speaker, t.role));
        }
        names.apply(src);
        src.participant_name = label;
        for (std::size_t i = 0; i < others.size(); ++i)
          if (!others[i].empty()) others[i] = src.turns[i].speaker;  // now the pseudonym
      }
      std::optional<Id> account_id;
      if (!src.account_name.empty()) {
        Account account;
        account.name = src.account_name;
        account_id = store::upsert_account(db, account);
      }
      std::optional<Id> participant_id;
      if (!label.empty()) {
        Participant p;
        p.label = label;
        p.role = src.participant_role;
        p.seniority = options.seniority;
        p.segment = options.segment;
        p.account_id = account_id;
        participant_id = store::upsert_participant(db, p);
        if (options.pseudonymize) book.remember(label, *participant_id);
      }
      std::map<std::string, Id> other_ids;
      for (const std::string& other : others) {
        if (other.empty() || other_ids.count(other)) continue;
        Participant p;
        p.label = other;
        p.account_id = account_id;
        Id id = store::upsert_participant(db, p);
        if (options.pseudonymize) book.remember(other, id);
        other_ids[other] = id;
        spanned.insert(id);
      }
      Segmented seg = [&] {
        if (source_index < prepared.segmented.size()) return std::move(prepared.segmented[source_index]);
        StageTimer timer(options.stages, &IngestStages::segment);
        if (!segmenter) segmenter.emplace();
        return segmenter->segment(src);
      }();
      if (seg.excerpts.empty()) throw invalid_input("a source has no text after parsing");
      for (std::size_t i = 0; i < seg.excerpts.size(); ++i) {
        std::size_t turn = seg.turn_of[i];
        if (mine[turn]) seg.excerpts[i].participant_id = participant_id;
        else if (!others[turn].empty()) seg.excerpts[i].participant_id = other_ids.at(others[turn]);
      }
      Source source;
      source.kind = src.kind;
      source.title = src.title;
      source.participant_id = participant_id;
      source.account_id = account_id;
      source.study_id = study_id;
      source.occurred_at = src.occurred_at;
      source.origin = report.origin + src.origin_suffix;
      source.format = file.format;
      source.body = std::move(seg.body);
      if (!file.warnings.empty()) src.meta["warnings"] = file.warnings;
      if (options.redact && counts.total() > 0) src.meta["redacted"] = true;
      source.meta_json = src.meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      writer.insert(source, seg.excerpts, imp.id);
      report.source_ids.push_back(source.id);
      if (participant_id) spanned.insert(*participant_id);
      report.excerpt_count += static_cast<std::int64_t>(seg.excerpts.size());
      if (options.progress) options.progress(++done, total);
    }
    store_survey_answers(db, imp.id, file.survey_answers, report.source_ids);
    if (known_respondents)
      file.warnings.push_back(std::to_string(known_respondents) +
                              (known_respondents == 1 ? " respondent was" : " respondents were") +
                              " imported before (same response id) and skipped");
    for (Id id : spanned)
      if (auto w = participant_span_warning(db, id, options.participant_span_limit)) file.warnings.push_back(*w);
    store::set_import_source_count(db, imp.id, total);
  } catch (const Error& e) {
    throw Error(e.kind(), report.origin + ": " + e.what());
  }
  if (options.stages)  // segmenting ran inside and counts as its own stage
    options.stages->write += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() -
                             (options.stages->segment - segment_before);
  report.status = "stored";
  report.warnings = file.warnings;
  for (const auto& w : file.warnings) report.message += (report.message.empty() ? "" : "; ") + w;
}

// Commits the open transaction, with the FTS rows of everything written in it.
void commit_with_index(store::Transaction& tx, store::SourceWriter& writer, const IngestOptions& options) {
  {
    StageTimer timer(options.stages, &IngestStages::index);
    writer.index_pending();
  }
  StageTimer timer(options.stages, &IngestStages::commit);
  tx.commit();
}

}  // namespace

IngestReport ingest_bytes(store::Database& db, std::string_view origin_name, std::string_view bytes,
                          const IngestOptions& options) {
  if (auto crm = import_if_crm(db, origin_name, bytes, options)) return *crm;
  PreparedFile prepared = prepare_file(db, origin_name, bytes, options);
  if (prepared.report.status == "already_stored") return prepared.report;
  std::optional<store::Import> stored_meanwhile;
  try {
    store::Transaction tx(db);
    // Looked up again under the write lock: the same bytes sent twice at
    // once (by another process, or before the job queue) are stored once and
    // the second copy answers "already stored", never a UNIQUE(sha256) clash.
    stored_meanwhile = store::find_import(db, prepared.digest);
    if (!stored_meanwhile) {
      store::SourceWriter writer(db);
      write_file(db, writer, prepared, options);
      commit_with_index(tx, writer, options);
    }
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with(prepared.report.origin + ": ")) throw;
    throw Error(e.kind(), prepared.report.origin + ": " + e.what());
  }
  if (stored_meanwhile) report_already_stored(db, *stored_meanwhile, options, prepared.report);
  return prepared.report;
}

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw Error(ErrorKind::not_found, "cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool skipped_entry(const std::filesystem::path& rel) {
  for (const auto& part : rel) {
    std::string s = part.string();
    if (!s.empty() && s[0] == '.') return true;
    if (s == "tools") return true;
  }
  std::string name = rel.filename().string();
  return starts_with_icase(name, "README") || name == "study.json";
}

IngestOptions overlay(const IngestOptions& base, const FileMetadata& meta) {
  IngestOptions o = base;
  auto set = [](std::string& field, const std::string& value) {
    if (!value.empty()) field = value;
  };
  if (meta.kind) o.kind = meta.kind;
  set(o.title, meta.title);
  set(o.participant, meta.participant);
  set(o.role, meta.role);
  set(o.seniority, meta.seniority);
  set(o.segment, meta.segment);
  set(o.account, meta.account);
  set(o.interviewer, meta.interviewer);
  set(o.occurred_at, meta.occurred_at);
  return o;
}

// The folder's study and accounts, in one transaction before any file.
void store_manifest(store::Database& db, const StudyManifest& manifest, const std::string& study_name) {
  store::Transaction tx(db);
  if (!study_name.empty()) {
    store::Study study = manifest.study;
    study.name = study_name;
    store::upsert_study(db, study, "ingest");
  }
  for (const Account& account : manifest.accounts) store::upsert_account(db, account);
  tx.commit();
}

// One file as the reading thread hands it to the writer, in folder order.
struct ReadAhead {
  std::filesystem::path path;
  std::string origin;
  IngestOptions options;          // the file's own (study.json overlay wins)
  bool usage = false;             // a usage spec: the writer imports it, nothing read ahead
  std::optional<Error> read_error;
  bool crm = false;               // a CRM export: the writer imports `bytes`
  std::string bytes;              // kept only for a CRM export
  PreparedFile prepared;          // digest, and the parsed file or why it failed
  std::exception_ptr failure;     // anything but an Error (out of memory): ends the ingest
};

// Reads, parses, redacts and segments one file without the database.
// `stages` is the reading thread's own tally (never the writer's: no shared
// counters between threads).
ReadAhead read_ahead(const std::filesystem::path& path, const std::string& origin, const IngestOptions& options,
                     IngestStages* stages, Segmenter& segmenter) {
  ReadAhead item;
  item.path = path;
  item.origin = origin;
  item.options = options;
  if (segments::is_usage_spec(path)) {
    item.usage = true;
    return item;
  }
  IngestOptions mine = options;
  mine.stages = stages;
  mine.progress = nullptr;
  try {
    std::string bytes;
    {
      StageTimer timer(stages, &IngestStages::read);
      bytes = read_file(path);
    }
    item.crm = !options.kind && is_crm_export(origin, bytes, options.column_map);
    item.prepared = prepare_ahead(origin, bytes, mine, segmenter);
    if (item.crm) item.bytes = std::move(bytes);
  } catch (const Error& e) {
    item.read_error = e;
  } catch (...) {
    item.failure = std::current_exception();
  }
  return item;
}

// Files written in one transaction, each inside its own savepoint; the
// transaction commits every kBatchExcerpts excerpts and at finish().
class FileBatch {
 public:
  FileBatch(store::Database& db, std::vector<IngestReport>& reports) : db_(db), reports_(reports) {}

  void add(ReadAhead& item) {
    if (item.failure) std::rethrow_exception(item.failure);
    if (item.usage) return add_usage(item.path, item.origin, item.options);
    const IngestOptions& options = item.options;
    const std::string& origin = item.origin;
    IngestReport report;
    report.origin = origin;
    try {
      if (item.read_error) throw *item.read_error;
      // Metadata applied to a stored file is written by audited edits, each
      // its own transaction: the batch before it commits first.
      if (options.apply_to_stored) finish(options);
      if (item.crm) {
        finish(options);  // the CRM import is its own transaction
        if (auto crm = import_if_crm(db_, origin, item.bytes, options)) {
          reports_.push_back(std::move(*crm));
          return;
        }
      }
      PreparedFile& prepared = item.prepared;
      if (!already_stored(db_, prepared, options)) {
        if (prepared.error) throw *prepared.error;
        std::optional<store::Import> previous;
        if (!tx_) {
          tx_.emplace(db_);
          writer_.emplace(db_);
          previous = store::find_import(db_, prepared.digest);  // stored meanwhile (see ingest_bytes)
        }
        if (previous) {
          if (options.apply_to_stored) finish(options);
          report_already_stored(db_, *previous, options, prepared.report);
        } else {
          store::Savepoint part(db_);
          write_file(db_, *writer_, prepared, options);
          part.release();
          excerpts_ += prepared.report.excerpt_count;
          stored_.push_back(reports_.size());
        }
      }
      report = std::move(prepared.report);
    } catch (const Error& e) {
      report = IngestReport{};
      report.origin = origin;
      report.status = "rejected";
      report.message = e.what();
      // Disk full or an I/O error ends the whole transaction, not only the
      // savepoint: the files before this one in the batch are gone too.
      if (tx_ && sqlite3_get_autocommit(db_.handle())) lose_batch(std::string(e.what()));
    }
    reports_.push_back(std::move(report));
    if (excerpts_ >= kBatchExcerpts) finish(options);
  }

  // A usage spec is imported in its own transaction, after the evidence
  // before it has committed (its users are matched to those participants).
  void add_usage(const std::filesystem::path& file, const std::string& origin, const IngestOptions& options) {
    finish(options);
    try {
      reports_.push_back(ingest_usage_spec(db_, file, origin));
    } catch (const Error& e) {
      IngestReport report;
      report.origin = origin;
      report.status = "rejected";
      report.message = e.what();
      reports_.push_back(std::move(report));
    }
  }

  void finish(const IngestOptions& options) {
    if (!tx_) return;
    try {
      commit_with_index(*tx_, *writer_, options);
      close();
    } catch (const Error& e) {
      lose_batch(e.what());
    }
  }

 private:
  void lose_batch(const std::string& why) {
    for (std::size_t i : stored_) {
      IngestReport& lost = reports_[i];
      lost.status = "rejected";
      lost.message = lost.origin + ": not stored, its batch was rolled back: " + why;
      lost.source_ids.clear();
      lost.excerpt_count = 0;
    }
    close();
  }
  void close() {
    writer_.reset();
    tx_.reset();
    stored_.clear();
    excerpts_ = 0;
  }

  store::Database& db_;
  std::vector<IngestReport>& reports_;
  std::optional<store::Transaction> tx_;
  std::optional<store::SourceWriter> writer_;
  std::vector<std::size_t> stored_;  // reports of the files written in the open transaction
  std::int64_t excerpts_ = 0;
};

}  // namespace

namespace {

// Files parsed ahead and waiting for the writer: enough to keep it busy,
// few enough that large exports never all sit in memory at once.
constexpr std::size_t kReadAheadFiles = 8;

struct FileJob {
  std::filesystem::path path;
  std::string origin;
  IngestOptions options;
};

// One thread reads, parses, redacts and segments the files in order while
// this one writes them (SQLite has one writer): the queue between them holds
// at most kReadAheadFiles files.
void ingest_jobs(store::Database& db, const std::vector<FileJob>& jobs, const IngestOptions& options,
                 std::vector<IngestReport>& reports) {
  IngestStages reading;  // the reading thread's seconds, added to options.stages at the end
  IngestStages* reading_stages = options.stages ? &reading : nullptr;
  BoundedQueue<ReadAhead> queue(kReadAheadFiles);
  std::thread reader([&] {
    Segmenter segmenter;
    for (const FileJob& job : jobs)
      if (!queue.push(read_ahead(job.path, job.origin, job.options, reading_stages, segmenter))) break;
    queue.close();
  });
  // Also when writing throws: the reader stops at its next push and is joined.
  struct Stop {
    BoundedQueue<ReadAhead>& queue;
    std::thread& reader;
    ~Stop() {
      queue.close();
      reader.join();
    }
  } stop{queue, reader};
  FileBatch batch(db, reports);
  while (auto item = queue.pop()) batch.add(*item);
  batch.finish(options);
  if (!options.stages) return;
  for (double IngestStages::*stage : {&IngestStages::read, &IngestStages::parse, &IngestStages::redact,
                                      &IngestStages::segment, &IngestStages::write, &IngestStages::index,
                                      &IngestStages::commit})
    options.stages->*stage += reading.*stage;
}

}  // namespace

std::vector<IngestReport> ingest_path(store::Database& db, const std::filesystem::path& path, const IngestOptions& options) {
  namespace fs = std::filesystem;
  std::vector<IngestReport> reports;
  if (!fs::exists(path)) throw Error(ErrorKind::not_found, "no such file or directory: " + path.string());
  if (!fs::is_directory(path)) {
    ingest_jobs(db, {FileJob{path, path.filename().string(), options}}, options, reports);
    return reports;
  }
  const StudyManifest manifest = read_study_manifest(path);
  IngestOptions folder_options = options;
  if (folder_options.study.empty()) folder_options.study = manifest.study.name;
  store_manifest(db, manifest, folder_options.study);
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(path); it != fs::recursive_directory_iterator(); ++it) {
    fs::path rel = it->path().lexically_relative(path);
    if (skipped_entry(rel)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path());
  }
  // Usage specs last: their users are matched to the participants the evidence files create.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return std::make_pair(segments::is_usage_spec(a), a) < std::make_pair(segments::is_usage_spec(b), b);
  });
  std::vector<FileJob> jobs;
  for (const auto& file : files) {
    std::string rel = file.lexically_relative(path).generic_string();
    auto meta = manifest.files.find(rel);
    jobs.push_back({file, rel, meta == manifest.files.end() ? folder_options : overlay(folder_options, meta->second)});
  }
  ingest_jobs(db, jobs, options, reports);
  return reports;
}

bool rejected_for_missing_speakers(std::string_view message) {
  return message.find(": no speaker turns found in ") != std::string_view::npos ||
         message.find(": unrecognised content (it begins ") != std::string_view::npos;
}

std::string describe(const IngestReport& r) {
  if (r.status == "already_stored") {
    std::string s = "already stored " + r.origin;
    for (std::size_t i = 0; i < r.applied.size(); ++i) s += (i ? "; " : ": applied ") + r.applied[i];
    return s;
  }
  if (r.status == "rejected") return "rejected: " + r.message;
  if (!r.records.empty()) return "stored " + r.origin + ": " + r.records + " (" + r.format + ")";
  std::string s = "stored " + r.origin + ": " + std::to_string(r.source_ids.size()) +
                  (r.source_ids.size() == 1 ? " source, " : " sources, ") + std::to_string(r.excerpt_count) +
                  (r.excerpt_count == 1 ? " excerpt" : " excerpts") + " (" + r.format + ")";
  if (r.skipped_rows > 0) s += ", " + std::to_string(r.skipped_rows) + " rows without text skipped";
  if (r.redactions > 0) s += ", " + std::to_string(r.redactions) + " redactions";
  if (!r.message.empty()) s += "; " + r.message;
  return s;
}

}  // namespace grounded::ingest
