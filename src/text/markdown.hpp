// Text from customers or researchers placed inside Markdown we write
// (persona and ICP exports).
#pragma once

#include <string>
#include <string_view>

namespace grounded::text {

// `text` on one line, inert in any Markdown renderer and safe in a table
// cell: every character that can open HTML, a link or image (both need "["
// or "<"), emphasis, code or a table column ("|") is backslash-escaped
// (CommonMark lets any ASCII punctuation be escaped), so "<script>",
// "<img onerror=…>" and "[x](javascript:…)" arrive as the words they are.
// Parentheses, "!" and "&" stay: without "[" or "<" they open nothing.
std::string markdown_inline(std::string_view text);

}  // namespace grounded::text
