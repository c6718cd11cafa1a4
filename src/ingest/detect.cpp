#include "ingest/detect.hpp"

#include <filesystem>
#include <stdexcept>

#include "core/error.hpp"
#include "core/json.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/cues.hpp"
#include "ingest/docx.hpp"
#include "ingest/encoding.hpp"
#include "ingest/fireflies.hpp"
#include "ingest/reviews.hpp"
#include "ingest/surveys.hpp"
#include "ingest/text_util.hpp"
#include "ingest/tickets.hpp"
#include "ingest/transcript_text.hpp"

namespace grounded::ingest {
namespace {

bool has_magic(std::string_view b, std::string_view magic) { return b.substr(0, magic.size()) == magic; }

ParsedFile parse_csv_text(std::string_view text, std::optional<SourceKind> kind, const std::map<std::string, std::string>& map,
                          bool declared_csv) {
  CsvTable table = read_csv(text);
  if (kind == SourceKind::ticket) return parse_ticket_csv(table, map);
  if (kind == SourceKind::review) return parse_review_csv(table, map);
  const bool survey = survey_score(table) > 0;
  if (kind == SourceKind::survey && !survey)
    throw Error(ErrorKind::unsupported_format,
                "not a survey export we know: Typeform (\"#\" first), Google Forms (\"Timestamp\" first), "
                "SurveyMonkey (\"Respondent ID\", \"Collector ID\") or Qualtrics (\"ResponseId\")");
  if (survey && (!kind || kind == SourceKind::survey)) return parse_survey_csv(table);
  if (kind && kind != SourceKind::ticket && kind != SourceKind::review)
    throw Error(ErrorKind::unsupported_format, "CSV files can be read as tickets, reviews or surveys (--kind ticket|review|survey), not as " +
                                                   std::string(to_string(*kind)));
  int tickets = ticket_header_score(table);
  int reviews = review_header_score(table);
  if (reviews > 0 && reviews >= tickets) return parse_review_csv(table, map);
  if (tickets > 0) return parse_ticket_csv(table, map);
  if (map.count("body")) return parse_ticket_csv(table, map);
  (void)declared_csv;
  throw Error(ErrorKind::unsupported_format,
              "a CSV file whose columns are neither a ticket, a review nor a survey export, nor a CRM companies or "
              "deals export; use --kind ticket|review and --map body=<column> (or `grounded accounts import --map`)");
}

ParsedFile parse_note(std::string_view text) {
  ParsedFile file;
  file.format = "text";
  ParsedSource src;
  src.kind = SourceKind::note;
  Turn t;
  t.text = std::string(trim(text));
  if (t.text.empty()) throw invalid_input("the file has no text");
  src.turns.push_back(std::move(t));
  file.sources.push_back(std::move(src));
  return file;
}

}  // namespace

namespace {

ParsedFile parse_known_format(std::string_view name, std::string_view bytes, std::optional<SourceKind> kind,
                              const std::map<std::string, std::string>& column_map, bool unlabelled) {
  std::string ext = to_lower_ascii(std::filesystem::path(std::string(name)).extension().string());
  if (bytes.empty()) throw invalid_input("the file is empty");
  if (looks_like_zip(bytes)) {
    if (ext == ".xlsx" || ext == ".pptx" || ext == ".zip")
      throw Error(ErrorKind::unsupported_format, "a zip archive (" + ext + ") is not a format we read; export it as CSV");
    return parse_docx(bytes);
  }
  if (ext == ".docx") return parse_docx(bytes);  // throws "not a zip archive"
  if (has_magic(bytes, "%PDF") || has_magic(bytes, "\x89PNG") || has_magic(bytes, "\xFF\xD8\xFF") || has_magic(bytes, "GIF8"))
    throw Error(ErrorKind::unsupported_format, "a PDF or image file; upload a transcript (.txt, .vtt, .srt, .docx), CSV or JSON export");

  DecodedText decoded = decode_text(bytes);
  std::string_view text = decoded.text;
  std::string_view head = trim(text);
  if (head.empty()) throw invalid_input("the file has only whitespace");

  ParsedFile file;
  if (head.substr(0, 6) == "WEBVTT") {
    file = parse_webvtt(text);
  } else if (ext == ".json" || head[0] == '{' ||
             (head[0] == '[' && head.size() > 1 && std::string_view("{[\"]").find(trim(head.substr(1)).substr(0, 1)) != std::string_view::npos &&
              !trim(head.substr(1)).empty())) {
    nlohmann::json doc = parse_untrusted_json(text, "the JSON export");
    if (looks_like_fireflies(doc)) file = parse_fireflies(doc);
    else if (looks_like_review_json(doc)) file = parse_review_json(doc);
    else if (looks_like_ticket_json(doc)) file = parse_ticket_json(doc);
    else
      throw Error(ErrorKind::unsupported_format,
                  "JSON of a shape we do not know (expected Fireflies, Zendesk, Intercom, G2, Capterra or App Store)");
  } else if (looks_like_srt(text)) {
    file = parse_srt(text);
  } else if (ext == ".csv" || ext == ".tsv") {
    file = parse_csv_text(text, kind, column_map, true);
  } else if (kind == SourceKind::note) {
    file = parse_note(text);
  } else if (ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".vtt" || ext == ".srt" ||
             looks_like_transcript(text) || unlabelled) {
    if (ext == ".vtt") throw invalid_input("line 1: a WebVTT file must start with `WEBVTT`");
    file = parse_transcript_text(text, ext == ".md" || ext == ".markdown", unlabelled);
  } else if (looks_like_csv(text)) {
    file = parse_csv_text(text, kind, column_map, false);
  } else {
    std::string_view first = trim(head.substr(0, head.find('\n')));
    throw Error(ErrorKind::unsupported_format,
                "unrecognised content (it begins \"" + clip_utf8(first, 60) +
                    "\"): not a transcript with speaker labels, subtitle, CSV, JSON or DOCX file we know; name it "
                    ".txt to read it as a transcript, or store it as one unlabelled participant's words (ingest "
                    "--unlabelled; in the upload result, \"Store without speakers\")");
  }
  if (decoded.encoding != "utf-8")
    for (auto& s : file.sources) s.meta["encoding"] = decoded.encoding;
  return file;
}

}  // namespace

// A parser that trips over a file's content (a value of the wrong JSON type,
// an index past the end of a malformed row, a number out of range) throws a
// standard or nlohmann exception; that is bad input, not a bug of ours, so it
// becomes invalid_input and only this file is rejected.
ParsedFile parse_file(std::string_view name, std::string_view bytes, std::optional<SourceKind> kind,
                      const std::map<std::string, std::string>& column_map, bool unlabelled) {
  try {
    return parse_known_format(name, bytes, kind, column_map, unlabelled);
  } catch (const Error&) {
    throw;
  } catch (const nlohmann::json::exception& e) {
    throw invalid_input(std::string("the file's JSON does not have the shape of the export it resembles: ") + e.what());
  } catch (const std::out_of_range& e) {
    throw invalid_input(std::string("the file is malformed (a value or row is out of range): ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw invalid_input(std::string("the file is malformed (a value could not be read): ") + e.what());
  } catch (const std::length_error& e) {
    throw Error(ErrorKind::too_large, std::string("the file holds a value too large to read: ") + e.what());
  }
}

}  // namespace grounded::ingest
