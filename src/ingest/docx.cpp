#include "ingest/docx.hpp"

#include <zip.h>

#include <memory>
#include <pugixml.hpp>

#include "core/error.hpp"
#include "ingest/encoding.hpp"
#include "ingest/transcript_text.hpp"

namespace grounded::ingest {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }  // read-only: discard, never write back
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct ZipSourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

// Limits that keep a small hostile DOCX (a zip bomb, or millions of empty
// paragraphs) from taking the server's memory or minutes of CPU. A two-hour
// interview is well under 1 MB of document.xml and 2,000 paragraphs.
constexpr std::size_t kMaxDocumentXmlBytes = 32u * 1024 * 1024;
constexpr std::size_t kMaxTextBytes = 16u * 1024 * 1024;
constexpr std::size_t kMaxParagraphs = 200000;

bool is_paragraph(const pugi::xml_node& node) { return std::string_view(node.name()) == "w:p"; }

// Appends a leaf's text and says whether to walk into the node's children.
bool visit(const pugi::xml_node& node, std::string& out) {
  std::string_view name = node.name();
  if (name == "w:t") {
    out += node.text().get();
    return false;
  }
  if (name == "w:br" || name == "w:cr") {
    out += '\n';
    return false;
  }
  if (name == "w:tab") {
    out += '\t';
    return false;
  }
  // Deleted text (tracked changes) and field codes are not content.
  return name != "w:delText" && name != "w:instrText";
}

// The text of the body in document order, a line per paragraph. Walks the
// tree through parent/sibling links, not recursion: nesting depth comes from
// the file, and an 8 KB DOCX can nest deep enough to overflow the stack.
std::string collect_text(const pugi::xml_node& body) {
  std::string out;
  std::size_t paragraphs = 0;
  auto finish = [&](const pugi::xml_node& node) {
    if (!is_paragraph(node)) return;
    out += '\n';
    if (++paragraphs > kMaxParagraphs)
      throw Error(ErrorKind::too_large, "the DOCX file has more than " + std::to_string(kMaxParagraphs) +
                                            " paragraphs, the limit for one transcript");
  };
  pugi::xml_node node = body.first_child();
  while (node) {
    if (visit(node, out) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    finish(node);
    if (out.size() > kMaxTextBytes)
      throw Error(ErrorKind::too_large, "the DOCX file holds more than 16 MB of text, the limit for one transcript");
    while (!node.next_sibling()) {
      node = node.parent();
      if (node == body) return out;
      finish(node);
    }
    node = node.next_sibling();
  }
  return out;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) { return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::string docx_text(std::string_view bytes) {
  if (!looks_like_zip(bytes)) throw invalid_input("not a DOCX file: it is not a zip archive");
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, ZipSourceFree> source(zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error));
  if (!source) {
    zip_error_fini(&error);
    throw Error(ErrorKind::internal, "cannot read the DOCX buffer");
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source.get(), ZIP_RDONLY, &error));
  if (!archive) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw invalid_input("not a DOCX file: the zip archive is damaged (" + why + ")");
  }
  source.release();  // owned by the archive now
  zip_error_fini(&error);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive.get(), "word/document.xml", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw invalid_input("not a DOCX file: the zip archive has no word/document.xml");
  if (st.size > kMaxDocumentXmlBytes)
    throw Error(ErrorKind::too_large, "the DOCX file's word/document.xml unpacks to " +
                                          std::to_string(st.size / (1024 * 1024)) + " MB, over the 32 MB limit");
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen(archive.get(), "word/document.xml", 0));
  if (!f) throw invalid_input("the DOCX file's word/document.xml cannot be read");
  std::string xml(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t got = zip_fread(f.get(), xml.data(), st.size);
  if (got < 0 || static_cast<zip_uint64_t>(got) != st.size) throw invalid_input("the DOCX file's word/document.xml is truncated");
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size());
  if (!r)
    throw invalid_input("word/document.xml: " + std::string(r.description()) + " at byte offset " +
                        std::to_string(r.offset));
  pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) throw invalid_input("word/document.xml has no w:body");
  std::string out = collect_text(body);
  std::size_t bad = 0;
  if (!valid_utf8(out, &bad)) throw invalid_input("word/document.xml: invalid UTF-8 at byte offset " + std::to_string(bad));
  return out;
}

ParsedFile parse_docx(std::string_view bytes) {
  std::string text = docx_text(bytes);
  ParsedFile file = parse_transcript_text(text, false);
  file.format = "docx";
  return file;
}

}  // namespace grounded::ingest
