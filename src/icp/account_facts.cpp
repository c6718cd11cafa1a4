#include "icp/account_facts.hpp"

#include "text/strings.hpp"

namespace grounded::icp {

FieldValue text_value(const std::string& text) {
  FieldValue value;
  value.text = text::trim(text);
  value.folded = text::lower(value.text);
  return value;
}

FieldValue number_value(double number) {
  FieldValue value;
  value.number = number;
  return value;
}

}  // namespace grounded::icp
