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

void collect(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node child : node.children()) {
    std::string_view name = child.name();
    if (name == "w:t") {
      out += child.text().get();
    } else if (name == "w:br" || name == "w:cr") {
      out += '\n';
    } else if (name == "w:tab") {
      out += '\t';
    } else if (name == "w:p") {
      collect(child, out);
      out += '\n';
    } else if (name == "w:delText" || name == "w:instrText") {
      // deleted text (tracked changes) and field codes are not content
    } else {
      collect(child, out);
    }
  }
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
  if (st.size > 256u * 1024 * 1024) throw Error(ErrorKind::too_large, "word/document.xml is larger than 256 MB");
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
  std::string out;
  collect(body, out);
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
