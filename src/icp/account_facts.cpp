#include "icp/account_facts.hpp"

#include <algorithm>

#include "text/strings.hpp"

namespace grounded::icp {

namespace {

bool is_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

FieldValue text_value(const std::string& text) {
  FieldValue value;
  value.text = text::trim(text);
  if (is_ascii(value.text)) {  // most CRM values: skip ICU, same result
    value.folded = value.text;
    for (char& c : value.folded)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    value.folded = text::lower(value.text);
  }
  return value;
}

FieldValue number_value(double number) {
  FieldValue value;
  value.number = number;
  return value;
}

}  // namespace grounded::icp
