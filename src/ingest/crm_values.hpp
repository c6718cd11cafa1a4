// Reading the cells of CRM exports: amounts, head counts, dates, domains and
// the name key accounts match on. Each reader throws Error(invalid_input)
// saying what the cell holds and what was expected; the caller adds the line.
// Internal to ingest/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grounded::ingest {

// "38000000", "$38,000,000.00", "1 200", "€ 12.500,00" is rejected (ambiguous);
// "" → nullopt. Negative numbers are rejected.
std::optional<double> crm_amount(std::string_view cell, std::string_view column);
// A whole, non-negative number ("1,200" → 1200); "" → nullopt.
std::optional<std::int64_t> crm_count(std::string_view cell, std::string_view column);
// "2026-03-12", "2026-03-12 10:00", "2026/03/12", "03/12/2026" (US, as
// Salesforce reports print it) → "2026-03-12"; "" → "".
std::string crm_date(std::string_view cell, std::string_view column);
// "https://www.Harborline.example/about" → "harborline.example"; "" → "".
std::string web_domain(std::string_view cell, std::string_view column);
// Lower case (Unicode), white space runs as one space, trimmed: the key two
// spellings of one company name share ("Calder  &  FINCH" = "calder & finch").
std::string name_key(std::string_view name);

}  // namespace grounded::ingest
