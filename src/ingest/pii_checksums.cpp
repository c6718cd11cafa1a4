#include "ingest/pii_checksums.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "ingest/pii_detectors.hpp"

namespace grounded::ingest {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int digit(char c) { return c - '0'; }
int number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + digit(c);
  return n;
}
// n mod m for a long run of digits.
int mod_of(std::string_view digits, int m) {
  int r = 0;
  for (char c : digits) r = (r * 10 + digit(c)) % m;
  return r;
}
int weighted_sum(std::string_view digits, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) sum += w * digit(digits[i++]);
  return sum;
}
bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }
bool real_date(int day, int month, int year) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  return !(month == 2 && day == 29 && !is_leap(year));
}
// A six-digit birth date DDMMYY (Nordic); the year's century is
// unknown, so 29 February is accepted.
bool ddmmyy(std::string_view d) { return real_date(number(d.substr(0, 2)), number(d.substr(2, 2)), 2000); }

}  // namespace

bool fr_nir_valid(std::string_view id) {
  if (id.size() != 15) return false;
  std::string n(id.substr(0, 13));
  // Corsica writes its département 2A/2B; the key is computed with 19/18 in their place.
  if (n.compare(5, 2, "2A") == 0) n.replace(5, 2, "19");
  if (n.compare(5, 2, "2B") == 0) n.replace(5, 2, "18");
  if (!all_digits(n) || !all_digits(id.substr(13))) return false;
  if (std::string_view("1278").find(n[0]) == std::string_view::npos) return false;
  const int month = number(n.substr(3, 2));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  return 97 - mod_of(n, 97) == number(id.substr(13));
}

bool nl_bsn_valid(std::string_view d) {
  if (d.size() != 9 || !all_digits(d) || d == "000000000") return false;
  const int sum = weighted_sum(d, {9, 8, 7, 6, 5, 4, 3, 2}) - digit(d[8]);
  return sum % 11 == 0;
}

bool it_codice_fiscale_valid(std::string_view id) {
  if (id.size() != 16) return false;
  // Digits may be replaced by these letters (omocodia) where two people share a code.
  auto digit_like = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || std::string_view("LMNPQRSTUV").find(c) != std::string_view::npos; };
  for (int i : {0, 1, 2, 3, 4, 5, 8, 11, 15})
    if (!std::isupper(static_cast<unsigned char>(id[i]))) return false;
  for (int i : {6, 7, 9, 10, 12, 13, 14})
    if (!digit_like(id[i])) return false;
  if (std::string_view("ABCDEHLMPRST").find(id[8]) == std::string_view::npos) return false;  // month letter
  static constexpr std::array<int, 26> kOdd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18,
                                              20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (int i = 0; i < 15; ++i) {
    const char c = id[i];
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : c - 'A';
    sum += i % 2 == 0 ? kOdd[v] : v;
  }
  return id[15] == 'A' + sum % 26;
}

bool de_steuer_id_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d) || d[0] == '0') return false;
  // Of the first ten digits exactly one occurs twice or three times.
  int counts[10] = {};
  for (int i = 0; i < 10; ++i) ++counts[digit(d[i])];
  int repeated = 0;
  for (int c : counts) {
    if (c > 3) return false;
    repeated += c >= 2;
  }
  if (repeated != 1) return false;
  int product = 10;
  for (int i = 0; i < 10; ++i) {
    int sum = (digit(d[i]) + product) % 10;
    if (sum == 0) sum = 10;
    product = (sum * 2) % 11;
  }
  int check = 11 - product;
  if (check == 10) check = 0;
  return check == digit(d[10]);
}

bool es_dni_valid(std::string_view id) {
  if (id.size() != 9) return false;
  std::string n(id.substr(0, 8));
  if (n[0] == 'X' || n[0] == 'Y' || n[0] == 'Z') n[0] = static_cast<char>('0' + (n[0] - 'X'));
  if (!all_digits(n)) return false;
  return id[8] == "TRWAGMYFPDXBNJZSQVHLCKE"[mod_of(n, 23)];
}

bool pt_nif_valid(std::string_view d) {
  // People's NIFs start with 1, 2 or 3 (45: non-residents); 5-9 are companies and the state.
  if (d.size() != 9 || !all_digits(d) || !(d[0] == '1' || d[0] == '2' || d[0] == '3' || d.substr(0, 2) == "45"))
    return false;
  int check = 11 - weighted_sum(d, {9, 8, 7, 6, 5, 4, 3, 2}) % 11;
  if (check >= 10) check = 0;
  return check == digit(d[8]);
}

bool be_national_number_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d)) return false;
  const int check = number(d.substr(9));
  const std::string first(d.substr(0, 9));
  return 97 - mod_of(first, 97) == check || 97 - mod_of("2" + first, 97) == check;
}

bool pl_pesel_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d)) return false;
  const int month = number(d.substr(2, 2)) % 20, day = number(d.substr(4, 2));
  if (!real_date(day, month, 2000)) return false;
  return (10 - weighted_sum(d, {1, 3, 7, 9, 1, 3, 7, 9, 1, 3}) % 10) % 10 == digit(d[10]);
}

bool se_personnummer_valid(std::string_view d) {
  if ((d.size() != 10 && d.size() != 12) || !all_digits(d)) return false;
  const std::string_view ten = d.substr(d.size() - 10);
  const int day = number(ten.substr(4, 2));
  // Co-ordination numbers (samordningsnummer) add 60 to the day.
  if (!real_date(day > 60 ? day - 60 : day, number(ten.substr(2, 2)), 2000)) return false;
  return luhn_valid(ten);
}

bool dk_cpr_valid(std::string_view d) { return d.size() == 10 && all_digits(d) && ddmmyy(d); }

bool no_fodselsnummer_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d)) return false;
  const int day = number(d.substr(0, 2));
  if (!real_date(day > 40 ? day - 40 : day, number(d.substr(2, 2)), 2000)) return false;  // D-numbers add 40
  int k1 = 11 - weighted_sum(d, {3, 7, 6, 1, 8, 9, 4, 5, 2}) % 11;
  int k2 = 11 - weighted_sum(d, {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}) % 11;
  if (k1 == 11) k1 = 0;
  if (k2 == 11) k2 = 0;
  return k1 == digit(d[9]) && k2 == digit(d[10]);
}

bool fi_hetu_valid(std::string_view id) {
  if (id.size() != 11 || !all_digits(id.substr(0, 6)) || !all_digits(id.substr(7, 3))) return false;
  if (std::string_view("+-ABCDEFYXWVU").find(id[6]) == std::string_view::npos || !ddmmyy(id.substr(0, 6))) return false;
  const std::string n = std::string(id.substr(0, 6)) + std::string(id.substr(7, 3));
  return id[10] == "0123456789ABCDEFHJKLMNPRSTUVWXY"[mod_of(n, 31)];
}

bool at_svnr_valid(std::string_view d) {
  if (d.size() != 10 || !all_digits(d) || d[0] == '0') return false;
  const int sum = 3 * digit(d[0]) + 7 * digit(d[1]) + 9 * digit(d[2]) + 5 * digit(d[4]) + 8 * digit(d[5]) +
                  4 * digit(d[6]) + 2 * digit(d[7]) + 1 * digit(d[8]) + 6 * digit(d[9]);
  return sum % 11 != 10 && sum % 11 == digit(d[3]) && ddmmyy(d.substr(4));
}

bool ch_ahv_valid(std::string_view d) {
  if (d.size() != 13 || !all_digits(d) || d.substr(0, 3) != "756") return false;
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += digit(d[i]) * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10 == digit(d[12]);
}

bool uk_nhs_valid(std::string_view d) {
  if (d.size() != 10 || !all_digits(d)) return false;
  int check = 11 - weighted_sum(d, {10, 9, 8, 7, 6, 5, 4, 3, 2}) % 11;
  if (check == 11) check = 0;
  return check != 10 && check == digit(d[9]);
}

bool ie_ppsn_valid(std::string_view id) {
  if ((id.size() != 8 && id.size() != 9) || !all_digits(id.substr(0, 7)) || !std::isupper(static_cast<unsigned char>(id[7])))
    return false;
  int sum = weighted_sum(id, {8, 7, 6, 5, 4, 3, 2});
  if (id.size() == 9) {
    if (!std::isupper(static_cast<unsigned char>(id[8]))) return false;
    sum += 9 * (id[8] == 'W' ? 0 : id[8] - 'A' + 1);
  }
  return id[7] == "WABCDEFGHIJKLMNOPQRSTUV"[sum % 23];
}

bool ca_sin_valid(std::string_view d) {
  return d.size() == 9 && all_digits(d) && luhn_valid(d);
}

bool fr_rib_valid(std::string_view id) {
  if (id.size() != 23 || !all_digits(id.substr(0, 10)) || !all_digits(id.substr(21))) return false;
  // Letters in the account number stand for digits (A, J → 1; B, K, S → 2 …).
  std::string account;
  for (char c : id.substr(10, 11)) {
    if (std::isdigit(static_cast<unsigned char>(c))) account += c;
    else if (c >= 'A' && c <= 'I') account += static_cast<char>('1' + (c - 'A'));
    else if (c >= 'J' && c <= 'R') account += static_cast<char>('1' + (c - 'J'));
    else if (c >= 'S' && c <= 'Z') account += static_cast<char>('2' + (c - 'S'));
    else return false;
  }
  const int rest = (89 * mod_of(id.substr(0, 5), 97) + 15 * mod_of(id.substr(5, 5), 97) + 3 * mod_of(account, 97)) % 97;
  return 97 - rest == number(id.substr(21));
}

bool aba_routing_valid(std::string_view d) {
  if (d.size() != 9 || !all_digits(d)) return false;
  return weighted_sum(d, {3, 7, 1, 3, 7, 1, 3, 7, 1}) % 10 == 0;
}

bool mod97_reference_valid(std::string_view compact) {
  if (compact.size() < 5) return false;
  const std::string rearranged = std::string(compact.substr(4)) + std::string(compact.substr(0, 4));
  int rem = 0;
  for (char c : rearranged) {
    if (std::isdigit(static_cast<unsigned char>(c))) rem = (rem * 10 + (c - '0')) % 97;
    else if (std::isupper(static_cast<unsigned char>(c))) rem = (rem * 100 + (c - 'A' + 10)) % 97;
    else return false;
  }
  return rem == 1;
}

bool us_itin_valid(std::string_view d) {
  if (d.size() != 9 || !all_digits(d) || d[0] != '9') return false;
  const int group = number(d.substr(3, 2));
  return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94;
}

bool in_aadhaar_valid(std::string_view d) {
  if (d.size() != 12 || !all_digits(d) || d[0] < '2') return false;
  // Verhoeff: the dihedral group D5's multiplication and a permutation by position.
  static constexpr std::array<std::array<int, 10>, 10> kMul = {{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                                                              {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                                              {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
                                                              {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                                              {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
                                                              {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                                              {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
                                                              {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                                              {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
                                                              {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}};
  static constexpr std::array<std::array<int, 10>, 8> kPerm = {{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                                                              {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                                                              {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
                                                              {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                                                              {9, 4, 5, 3, 1, 2, 7, 8, 6, 0},
                                                              {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                                              {2, 7, 9, 3, 8, 0, 6, 4, 1, 5},
                                                              {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}}};
  int c = 0;
  for (std::size_t i = 0; i < d.size(); ++i) c = kMul[c][kPerm[i % 8][digit(d[d.size() - 1 - i])]];
  return c == 0;
}

bool in_pan_valid(std::string_view id) {
  if (id.size() != 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const bool letter = id[i] >= 'A' && id[i] <= 'Z';
    if (letter != (i < 5 || i == 9)) return false;
  }
  // The fourth letter says who holds it: a person (P), company (C), firm,
  // trust, government … — any other letter is not a PAN.
  return std::string_view("ABCFGHJLPT").find(id[3]) != std::string_view::npos;
}

bool au_tfn_valid(std::string_view d) {
  return d.size() == 9 && all_digits(d) && weighted_sum(d, {1, 4, 3, 7, 5, 8, 6, 9, 10}) % 11 == 0;
}

bool au_medicare_valid(std::string_view d) {
  if ((d.size() != 10 && d.size() != 11) || !all_digits(d) || d[0] < '2' || d[0] > '6') return false;
  return weighted_sum(d, {1, 3, 7, 9, 1, 3, 7, 9}) % 10 == digit(d[8]);
}

bool cn_resident_id_valid(std::string_view id) {
  if (id.size() != 18 || !all_digits(id.substr(0, 17)) || id[0] < '1' || id[0] > '8') return false;
  const int year = number(id.substr(6, 4));
  if (year < 1900 || year > 2099 || !real_date(number(id.substr(12, 2)), number(id.substr(10, 2)), year)) return false;
  const int r = weighted_sum(id, {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}) % 11;
  return "10X98765432"[r] == id[17];
}

bool jp_my_number_valid(std::string_view d) {
  if (d.size() != 12 || !all_digits(d)) return false;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) sum += digit(d[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const int r = sum % 11;
  return (r <= 1 ? 0 : 11 - r) == digit(d[11]);
}

bool kr_rrn_valid(std::string_view d) {
  if (d.size() != 13 || !all_digits(d)) return false;
  static constexpr int kCentury[] = {1800, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 1800};
  const int year = kCentury[digit(d[6])] + number(d.substr(0, 2));
  return real_date(number(d.substr(4, 2)), number(d.substr(2, 2)), year);
}

bool cz_rodne_cislo_valid(std::string_view d) {
  if ((d.size() != 9 && d.size() != 10) || !all_digits(d)) return false;
  int month = number(d.substr(2, 2));
  if (month > 50) month -= 50;  // women
  if (month > 20) month -= 20;  // the extra series since 2004
  if (!real_date(number(d.substr(4, 2)), month, 2000)) return false;
  if (d.size() == 9) return number(d.substr(0, 2)) < 54;  // before 1954: no check digit
  const int r = mod_of(d.substr(0, 9), 11);
  return mod_of(d, 11) == 0 || (r == 10 && d[9] == '0');
}

bool ro_cnp_valid(std::string_view d) {
  if (d.size() != 13 || !all_digits(d) || d[0] == '0') return false;
  if (!real_date(number(d.substr(5, 2)), number(d.substr(3, 2)), 2000)) return false;
  const int r = weighted_sum(d, {2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11;
  return (r == 10 ? 1 : r) == digit(d[12]);
}


bool za_id_valid(std::string_view d) {
  if (d.size() != 13 || !all_digits(d)) return false;
  return real_date(number(d.substr(4, 2)), number(d.substr(2, 2)), 2000) && (d[10] == '0' || d[10] == '1') &&
         luhn_valid(d);
}

bool tr_kimlik_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d) || d[0] == '0') return false;
  const int odd = digit(d[0]) + digit(d[2]) + digit(d[4]) + digit(d[6]) + digit(d[8]);
  const int even = digit(d[1]) + digit(d[3]) + digit(d[5]) + digit(d[7]);
  if (((odd * 7 - even) % 10 + 10) % 10 != digit(d[9])) return false;
  return (odd + even + digit(d[9])) % 10 == digit(d[10]);
}

bool sg_nric_valid(std::string_view id) {
  if (id.size() != 9 || std::string_view("STFG").find(id[0]) == std::string_view::npos) return false;
  if (!all_digits(id.substr(1, 7)) || !std::isupper(static_cast<unsigned char>(id[8]))) return false;
  const int r = (weighted_sum(id.substr(1), {2, 7, 6, 5, 4, 3, 2}) + (id[0] == 'T' || id[0] == 'G' ? 4 : 0)) % 11;
  const std::string_view letters = id[0] == 'S' || id[0] == 'T' ? "JZIHGFEDCBA" : "XWUTRQPNMLK";
  return id[8] == letters[r];
}

bool tw_id_valid(std::string_view id) {
  if (id.size() != 10 || !std::isupper(static_cast<unsigned char>(id[0])) || (id[1] != '1' && id[1] != '2')) return false;
  if (!all_digits(id.substr(1))) return false;
  // Each letter stands for a two-digit area code, not in alphabet order.
  static constexpr std::array<int, 26> kCode = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
                                                22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33};
  const int code = kCode[id[0] - 'A'];
  const int sum = code / 10 + (code % 10) * 9 + weighted_sum(id.substr(1), {8, 7, 6, 5, 4, 3, 2, 1, 1});
  return sum % 10 == 0;
}

bool hk_id_valid(std::string_view id) {
  if (id.size() != 8 && id.size() != 9) return false;
  const std::size_t letters = id.size() - 7;
  int sum = letters == 1 ? 36 * 9 : 0;
  for (std::size_t i = 0; i < letters; ++i) {
    if (!std::isupper(static_cast<unsigned char>(id[i]))) return false;
    sum += (id[i] - 'A' + 10) * static_cast<int>(letters == 1 ? 8 : 9 - i);
  }
  if (!all_digits(id.substr(letters, 6))) return false;
  sum += weighted_sum(id.substr(letters), {7, 6, 5, 4, 3, 2});
  const int check = (11 - sum % 11) % 11;
  return id.back() == (check == 10 ? 'A' : static_cast<char>('0' + check));
}

bool br_cpf_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d) || std::all_of(d.begin(), d.end(), [&](char c) { return c == d[0]; })) return false;
  const int first = weighted_sum(d, {10, 9, 8, 7, 6, 5, 4, 3, 2}) * 10 % 11 % 10;
  const int second = weighted_sum(d, {11, 10, 9, 8, 7, 6, 5, 4, 3, 2}) * 10 % 11 % 10;
  return first == digit(d[9]) && second == digit(d[10]);
}

bool cl_rut_valid(std::string_view id) {
  if (id.size() < 8 || id.size() > 9 || !all_digits(id.substr(0, id.size() - 1))) return false;
  int sum = 0, weight = 2;
  for (std::size_t i = id.size() - 1; i-- > 0;) {
    sum += digit(id[i]) * weight;
    weight = weight == 7 ? 2 : weight + 1;
  }
  const int check = 11 - sum % 11;
  return id.back() == (check == 11 ? '0' : check == 10 ? 'K' : static_cast<char>('0' + check));
}

bool uk_utr_valid(std::string_view d) {
  if (d.size() != 10 || !all_digits(d)) return false;
  const int r = weighted_sum(d.substr(1), {6, 7, 8, 9, 10, 5, 4, 3, 2}) % 11;
  return d[0] == "21987654321"[r];
}

}  // namespace grounded::ingest
