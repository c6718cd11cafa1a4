// SHA-256 of a byte string, as 64 lower-case hex digits. Used to recognise a
// file that was ingested before (imports.sha256).
#pragma once

#include <string>
#include <string_view>

namespace grounded::ingest {

std::string sha256_hex(std::string_view bytes);

}  // namespace grounded::ingest
