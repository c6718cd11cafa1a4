#include "segments/calendar.hpp"

#include <charconv>
#include <cstdio>

#include "core/error.hpp"

namespace grounded::segments {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain).
struct Civil {
  int year, month, day;
};

Civil civil_from_days(DayNumber z) {
  z += 719468;
  const DayNumber era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const DayNumber y = static_cast<DayNumber>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

// Reads exactly `width` digits at `pos`; advances pos.
bool digits(std::string_view s, std::size_t& pos, int width, int& out) {
  if (pos + static_cast<std::size_t>(width) > s.size()) return false;
  out = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(width);
  return true;
}

bool valid_date(int y, int m, int d) { return y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

DayNumber weekday_monday0(DayNumber day) {  // 1970-01-01 was a Thursday (3)
  DayNumber w = (day + 3) % 7;
  return w < 0 ? w + 7 : w;
}

}  // namespace

DayNumber day_from_civil(int year, int month, int day) {
  const int y = year - (month <= 2);
  const DayNumber era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(month > 2 ? month - 3 : month + 9) + 2) / 5 + static_cast<unsigned>(day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<DayNumber>(doe) - 719468;
}

std::string day_label(DayNumber day) {
  Civil c = civil_from_days(day);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buffer;
}

std::optional<DayNumber> parse_day(std::string_view text) {
  std::size_t pos = 0;
  int y, m, d;
  if (text.size() != 10 || !digits(text, pos, 4, y) || text[pos++] != '-' || !digits(text, pos, 2, m) ||
      text[pos++] != '-' || !digits(text, pos, 2, d) || !valid_date(y, m, d))
    return std::nullopt;
  return day_from_civil(y, m, d);
}

std::optional<std::int64_t> parse_timestamp(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool numeric = true;
  for (char c : s) numeric = numeric && ((c >= '0' && c <= '9') || c == '.');
  if (numeric) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || (end != s.data() + s.size() && *end != '.')) return std::nullopt;
    if (value > 100'000'000'000LL) value /= 1000;  // milliseconds
    if (value > 253'402'300'799LL) return std::nullopt;
    return value;
  }
  std::size_t pos = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, mo) || pos >= s.size() ||
      s[pos++] != '-' || !digits(s, pos, 2, d) || !valid_date(y, mo, d))
    return std::nullopt;
  std::int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!digits(s, pos, 2, h) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mi)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!digits(s, pos, 2, sec)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (pos < s.size()) {
      char zone = s[pos];
      if (zone == 'Z' || zone == 'z') {
        ++pos;
      } else if (zone == '+' || zone == '-') {
        ++pos;
        int oh, om = 0;
        if (!digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !digits(s, pos, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (zone == '+' ? 1 : -1) * (oh * 3600 + om * 60);
      }
      if (pos != s.size()) return std::nullopt;
    }
  }
  return day_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_seconds;
}

std::string_view to_string(PeriodKind kind) { return kind == PeriodKind::week ? "week" : "month"; }

PeriodKind parse_period_kind(std::string_view text) {
  if (text == "week") return PeriodKind::week;
  if (text == "month") return PeriodKind::month;
  throw invalid_input("unknown period '" + std::string(text) + "' (expected week or month)");
}

std::string period_label(PeriodKind kind, DayNumber day) {
  char buffer[16];
  if (kind == PeriodKind::month) {
    Civil c = civil_from_days(day);
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", c.year, c.month);
    return buffer;
  }
  // ISO week: the week belongs to the year of its Thursday.
  DayNumber thursday = day - weekday_monday0(day) + 3;
  Civil c = civil_from_days(thursday);
  DayNumber week = (thursday - day_from_civil(c.year, 1, 1)) / 7 + 1;
  std::snprintf(buffer, sizeof buffer, "%04d-W%02d", c.year, static_cast<int>(week));
  return buffer;
}

DayNumber period_end(PeriodKind kind, DayNumber day) {
  if (kind == PeriodKind::week) return day - weekday_monday0(day) + 6;
  Civil c = civil_from_days(day);
  return day_from_civil(c.year, c.month, days_in_month(c.year, c.month));
}

}  // namespace grounded::segments
