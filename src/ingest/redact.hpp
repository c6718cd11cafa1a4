// Removing personal data at ingest. Each kind of identifier has a detector,
// a placeholder and a counter:
//   email       addresses, Unicode local parts, "jane dot doe at acme dot com",
//               "jane(at)acme.com", "jane [at] acme [dot] com"       → [email]
//   phone       international (+…, 00…, "+44 (0)20 …"), US/European groups,
//               unseparated 10–13 digits after "call me on", "tel" … → [phone]
//   card        13–19 digits, spaces/dashes, Luhn-valid              → [card]
//   iban        country + check digits, spaced or not, mod-97 valid  → [iban]
//   national_id US SSN and UK NI number by structure; European and
//               Canadian ids after their names with their check digits
//               (pii_national_ids.cpp); passports, ID cards, licences → [national_id]
//   account     bank account, sort code, routing, BSB, RIB (key-checked)
//               after words that say so in several languages          → [account]
//   address     street + number in the street-word orders of Europe and
//               the US/UK, postcodes, or after "address", "adres" … → [address]
//   dob         a date only after a birth cue ("date of birth",
//               "Geburtsdatum", "né le", "nata il", "geboren op" …)   → [dob]
//   secret_url  a URL whose query carries token=, key=, sig=, pwd= … → [secret_url]
//   api_key     sk_live_…, sk-proj-…, AKIA…, ghp_…, glpat-…, xoxb-…, AIza…,
//               SG.….…, and long values
//               after key=/token=/secret=/password=                  → [api_key]
// Dates, times, prices, IPv4 addresses, version numbers and order/invoice/
// ticket numbers are left alone, and nothing inside a parcel tracking number
// or a reference after the word that names it (find_look_alikes) is
// redacted. Cue words live in src/ingest/data/pii_cues.json. Detectors
// that overlap: the one listed first in kPriority (redact.cpp) wins.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grounded::ingest {

enum class PiiType { email, phone, card, iban, national_id, account, address, dob, secret_url, api_key };
inline constexpr int kPiiTypeCount = 10;

// A set of PiiTypes as bits (1 << type).
using PiiTypes = unsigned;
inline constexpr PiiTypes kAllPiiTypes = (1u << kPiiTypeCount) - 1;
inline constexpr PiiTypes pii_bit(PiiType t) { return 1u << static_cast<int>(t); }

const char* pii_type_name(PiiType t);  // "email", "national_id", …
// "email,phone,iban" → the set; "all" → every type. Throws Error(invalid_input)
// naming the unknown type and the accepted names.
PiiTypes parse_pii_types(std::string_view comma_list);

struct RedactionCounts {
  int by_type[kPiiTypeCount] = {};
  int& operator[](PiiType t) { return by_type[static_cast<int>(t)]; }
  int operator[](PiiType t) const { return by_type[static_cast<int>(t)]; }
  int total() const;
};

// The text with every match of the selected types replaced by its
// placeholder; counts added to *counts when given.
std::string redact_pii(std::string_view text, RedactionCounts* counts = nullptr, PiiTypes types = kAllPiiTypes);
// Redacts every string inside a JSON value (keys kept); nesting deeper than
// 64 levels is replaced by null rather than walked.
void redact_json(nlohmann::json& value, RedactionCounts* counts = nullptr, PiiTypes types = kAllPiiTypes);

}  // namespace grounded::ingest
