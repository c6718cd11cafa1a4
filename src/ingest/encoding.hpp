// Bytes → normalised UTF-8 text.
#pragma once

#include <string>
#include <string_view>

namespace grounded::ingest {

struct DecodedText {
  std::string text;      // valid UTF-8, NFC, LF line endings, no BOM
  std::string encoding;  // "utf-8", "utf-16le", "windows-1252", ...
};

// Decodes a file's bytes. Recognises UTF-8 (with or without BOM) and UTF-16
// LE/BE (with BOM, or without one when the NUL pattern is unmistakable);
// text that is not valid UTF-8 and has no valid multi-byte sequence at all is
// taken as a legacy 8-bit encoding (uchardet's guess, else windows-1252) and
// converted with ICU. Throws Error(invalid_input) for an empty file or for
// UTF-8 with a broken sequence (naming the byte offset), and
// Error(unsupported_format) for binary data (NUL bytes that are not UTF-16).
DecodedText decode_text(std::string_view bytes);

// True when `s` is entirely valid UTF-8; otherwise sets *bad_offset.
bool valid_utf8(std::string_view s, std::size_t* bad_offset = nullptr);

}  // namespace grounded::ingest
