// Check digits and structure of national and bank identifiers. Each takes
// the compact form (separators removed, letters upper case) and says
// whether it could be a real one. The detectors use them so that a number
// after a cue word, or a distinctive shape alone, is redacted only when it
// checks out: a random number of the right length passes one time in 10 to 97.
#pragma once

#include <string_view>

namespace grounded::ingest {

bool fr_nir_valid(std::string_view id);           // 15: sex, year, month, place, order, key = 97 − n mod 97
bool nl_bsn_valid(std::string_view digits);       // 9: the "11-proef"
bool it_codice_fiscale_valid(std::string_view id);// 16: letters, birth date, place, check letter
bool de_steuer_id_valid(std::string_view digits); // 11: one digit repeated, ISO 7064 mod 11,10
bool es_dni_valid(std::string_view id);           // 8 digits or X/Y/Z + 7, check letter mod 23
bool pt_nif_valid(std::string_view digits);       // 9: a person's (1-3, 45), mod 11
bool be_national_number_valid(std::string_view digits);  // 11: YYMMDD…, 97 − n mod 97 (2000s: "2" prefixed)
bool pl_pesel_valid(std::string_view digits);     // 11: birth date in digits, weights 1-3-7-9
bool se_personnummer_valid(std::string_view digits);  // 10 or 12: birth date, Luhn over the last 10
bool dk_cpr_valid(std::string_view digits);       // 10: DDMMYY, a real date (no check digit since 2007)
bool no_fodselsnummer_valid(std::string_view digits);  // 11: two mod-11 check digits
bool fi_hetu_valid(std::string_view id);          // DDMMYY, century sign, 3 digits, check character mod 31
bool at_svnr_valid(std::string_view digits);      // 10: check digit 4th, mod 11
bool ch_ahv_valid(std::string_view digits);       // 13: 756…, EAN-13 check
bool uk_nhs_valid(std::string_view digits);       // 10: mod 11
bool ie_ppsn_valid(std::string_view id);          // 7 digits, check letter, optional letter; mod 23
bool ca_sin_valid(std::string_view digits);       // 9: Luhn (also Israel's teudat zehut)
bool fr_rib_valid(std::string_view id);           // 23: bank 5, branch 5, account 11, key 2 (97 − …)
bool aba_routing_valid(std::string_view digits);  // 9: weights 3-7-1
bool us_itin_valid(std::string_view digits);      // 9: 9, then a group in 50-65, 70-88, 90-92, 94-99
bool in_aadhaar_valid(std::string_view digits);   // 12: first 2-9, Verhoeff
bool in_pan_valid(std::string_view id);           // 10: 5 letters (4th the holder type), 4 digits, a letter
bool au_tfn_valid(std::string_view digits);       // 9: weights 1-4-3-7-5-8-6-9-10, mod 11
bool au_medicare_valid(std::string_view digits);  // 10 or 11: first 2-6, 9th = weights 1-3-7-9 mod 10
bool cn_resident_id_valid(std::string_view id);   // 18: region, YYYYMMDD, order, ISO 7064 mod 11-2 (X = 10)
bool jp_my_number_valid(std::string_view digits); // 12: check digit mod 11, weights 2-7 then 2-6 from the right
bool kr_rrn_valid(std::string_view digits);       // 13: YYMMDD, a century-and-sex digit (numbers since 2020 carry no check digit)
bool cz_rodne_cislo_valid(std::string_view digits);  // 10 divisible by 11 (9 before 1954): YYMMDD, women's month + 50 (+ 20 since 2004)
bool ro_cnp_valid(std::string_view digits);       // 13: sex/century, YYMMDD, county, order, weights 2-7-9-1-4-6-3-5-8 mod 11
bool za_id_valid(std::string_view digits);        // 13: YYMMDD, gender 4, citizenship 0/1, 8, Luhn
bool tr_kimlik_valid(std::string_view digits);    // 11: first 1-9, two check digits (odd*7 - even, sum) mod 10
bool sg_nric_valid(std::string_view id);          // S/T/F/G, 7 digits, check letter mod 11 (weights 2-7-6-5-4-3-2)
bool tw_id_valid(std::string_view id);            // letter (area code), 1/2, 8 digits; weighted mod 10
bool hk_id_valid(std::string_view id);            // 1-2 letters, 6 digits, check digit or A mod 11 (brackets dropped)
bool br_cpf_valid(std::string_view digits);       // 11: two mod-11 check digits
bool cl_rut_valid(std::string_view id);           // 7-8 digits, check digit or K mod 11 (weights 2-7 from the right)
bool uk_utr_valid(std::string_view digits);       // 10: first digit checks the other 9 (weights 6-7-8-9-10-5-4-3-2 mod 11)
// ISO 7064 mod 97 after moving the first four characters to the end:
// IBANs and RF creditor references (ISO 11649).
bool mod97_reference_valid(std::string_view compact);

}  // namespace grounded::ingest
