// Removing personal data at ingest: e-mail addresses → [email], phone
// numbers (international +…, US and European groupings) → [phone], and
// payment-card numbers (13–19 digits, optional spaces/dashes, Luhn-valid)
// → [card]. Dates, times, prices, amounts with thousands groups and
// order/invoice/ticket numbers are left alone.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grounded::ingest {

struct RedactionCounts {
  int email = 0;
  int phone = 0;
  int card = 0;
  int total() const { return email + phone + card; }
};

// The text with every match replaced; counts added to *counts when given.
std::string redact_pii(std::string_view text, RedactionCounts* counts = nullptr);
// Redacts every string inside a JSON value (keys kept).
void redact_json(nlohmann::json& value, RedactionCounts* counts = nullptr);

}  // namespace grounded::ingest
