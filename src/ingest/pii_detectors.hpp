// The detectors behind redact_pii: each finds the byte spans of one kind of
// personal identifier in UTF-8 text. They only find; redact.cpp decides
// which span wins where two overlap, and replaces.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "ingest/redact.hpp"

namespace grounded::ingest {

struct PiiSpan {
  std::size_t begin, end;  // byte offsets, [begin, end)
  PiiType type;
};

// Pattern detectors (ICU regular expressions over the UTF-8 text, so
// offsets are byte offsets and \p{L} letters count as letters).
void find_secret_urls(std::string_view s, std::vector<PiiSpan>& out);
void find_emails(std::string_view s, std::vector<PiiSpan>& out);  // plain, Unicode and obfuscated
void find_api_keys(std::string_view s, std::vector<PiiSpan>& out);
void find_ibans(std::string_view s, std::vector<PiiSpan>& out);
void find_national_ids(std::string_view s, std::vector<PiiSpan>& out);
void find_context_numbers(std::string_view s, std::vector<PiiSpan>& out);  // bank accounts, passports, ID cards
void find_dates_of_birth(std::string_view s, std::vector<PiiSpan>& out);
void find_addresses(std::string_view s, std::vector<PiiSpan>& out);
// Look-alikes that are not personal: parcel tracking numbers (UPS
// "1Z 999 AA1 01 2345 6784", and the code after "tracking", "waybill",
// "shipment", "Sendungsnummer" …). redact_pii lets no detection overlap
// them, so their digit groups are not read as a phone or a card.
void find_look_alikes(std::string_view s, std::vector<PiiSpan>& out);  // type unused
// The digit scanner: cards (Luhn) and phones.
void find_cards_and_phones(std::string_view s, std::vector<PiiSpan>& out);

// Checksums, exposed for tests.
bool luhn_valid(std::string_view digits);
bool iban_valid(std::string_view compact);  // "GB82WEST12345698765432"

}  // namespace grounded::ingest
