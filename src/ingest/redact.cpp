#include "ingest/redact.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "ingest/pii_detectors.hpp"

namespace grounded::ingest {
namespace {

constexpr const char* kNames[kPiiTypeCount] = {"email",   "phone", "card", "iban",       "national_id",
                                               "account", "address", "dob", "secret_url", "api_key"};
constexpr const char* kPlaceholders[kPiiTypeCount] = {"[email]",   "[phone]",   "[card]", "[iban]",       "[national_id]",
                                                      "[account]", "[address]", "[dob]",  "[secret_url]", "[api_key]"};

using Detector = void (*)(std::string_view, std::vector<PiiSpan>&);
// Where two detections overlap, the earlier detector here wins: a URL with
// a token is one secret, an e-mail inside it is not separate; an IBAN or an
// SSN is not also a phone number.
constexpr Detector kPriority[] = {find_secret_urls, find_emails,         find_api_keys,  find_ibans,
                                  find_national_ids, find_context_numbers, find_dates_of_birth, find_addresses, find_cards_and_phones};

constexpr int kMaxJsonDepth = 64;

void redact_json_at(nlohmann::json& value, RedactionCounts* counts, PiiTypes types, int depth) {
  if (value.is_string()) {
    value = redact_pii(value.get_ref<const std::string&>(), counts, types);
  } else if (value.is_array() || value.is_object()) {
    if (depth >= kMaxJsonDepth) {
      value = nullptr;  // not walked, so not kept: it could hide personal data
      return;
    }
    for (auto& child : value) redact_json_at(child, counts, types, depth + 1);
  }
}

}  // namespace

const char* pii_type_name(PiiType t) { return kNames[static_cast<int>(t)]; }

PiiTypes parse_pii_types(std::string_view list) {
  PiiTypes types = 0;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view name = list.substr(pos, comma - pos);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    pos = comma + 1;
    if (name.empty()) continue;
    if (name == "all") {
      types = kAllPiiTypes;
      continue;
    }
    auto it = std::find(std::begin(kNames), std::end(kNames), name);
    if (it == std::end(kNames)) {
      std::string accepted = "all";
      for (const char* n : kNames) accepted += std::string(", ") + n;
      throw invalid_input("unknown redaction type '" + std::string(name) + "' (accepted: " + accepted + ")");
    }
    types |= 1u << (it - std::begin(kNames));
  }
  if (types == 0) throw invalid_input("--redact needs at least one type (or use --no-redact)");
  return types;
}

int RedactionCounts::total() const {
  int sum = 0;
  for (int n : by_type) sum += n;
  return sum;
}

std::string redact_pii(std::string_view text, RedactionCounts* counts, PiiTypes types) {
  std::vector<PiiSpan> kept;
  std::vector<PiiSpan> found;
  std::vector<PiiSpan> shields;  // tracking numbers and other look-alikes: nothing inside them is redacted
  find_look_alikes(text, shields);
  for (Detector detect : kPriority) {
    found.clear();
    detect(text, found);
    for (const PiiSpan& f : found) {
      if (!(types & pii_bit(f.type)) || f.end <= f.begin || f.end > text.size()) continue;
      bool overlaps = false;
      for (const PiiSpan& k : kept) overlaps |= f.begin < k.end && k.begin < f.end;
      for (const PiiSpan& k : shields) overlaps |= f.begin < k.end && k.begin < f.end;
      if (!overlaps) kept.push_back(f);
    }
  }
  if (kept.empty()) return std::string(text);
  std::sort(kept.begin(), kept.end(), [](const PiiSpan& a, const PiiSpan& b) { return a.begin < b.begin; });
  std::string out;
  std::size_t pos = 0;
  for (const PiiSpan& sp : kept) {
    out.append(text.substr(pos, sp.begin - pos));
    out += kPlaceholders[static_cast<int>(sp.type)];
    pos = sp.end;
    if (counts) ++(*counts)[sp.type];
  }
  out.append(text.substr(pos));
  return out;
}

void redact_json(nlohmann::json& value, RedactionCounts* counts, PiiTypes types) {
  redact_json_at(value, counts, types, 0);
}

}  // namespace grounded::ingest
