// The --map option of ingest and accounts import: "body=Description,created=Created at".
#pragma once

#include <map>
#include <string>

namespace grounded::cli {

// {body: Description, created: Created at}. Error(invalid_input) for an item
// without "key=Column".
std::map<std::string, std::string> parse_column_map(const std::string& text);

}  // namespace grounded::cli
