// Support tickets: CSV exports (Zendesk, Freshdesk, any with a body-like
// column) and JSON (Zendesk incremental export, Zendesk ticket comments,
// Intercom conversations). One source per ticket; the opening message and
// each public comment become turns with role customer or agent. Internal
// notes (Zendesk `public:false`, Intercom `part_type:note`) are left out.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "ingest/csv_reader.hpp"
#include "ingest/parsed.hpp"

namespace grounded::ingest {

// How strongly the header says "tickets" (0 = not at all).
int ticket_header_score(const CsvTable& table);
// Throws Error(invalid_input) when no body or subject column is found
// (naming the columns and the --map option), or for --map labels not in the file.
ParsedFile parse_ticket_csv(const CsvTable& table, const std::map<std::string, std::string>& column_map);

// Splits a "Comments" cell: blocks separated by blank lines, each opening
// `Name (agent): text` or `Name (customer): text`.
std::vector<Turn> parse_comment_cell(std::string_view cell);

bool looks_like_ticket_json(const nlohmann::json& doc);
ParsedFile parse_ticket_json(const nlohmann::json& doc);

}  // namespace grounded::ingest
