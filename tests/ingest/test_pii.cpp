// PII redaction: every labeled string of tests/fixtures/pii/pii_cases.csv,
// recall floors per type, clean look-alikes untouched, checksums and
// structure checks, UTF-8 around matches, type selection.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "ingest/fixture.hpp"
#include "ingest/pii_checksums.hpp"
#include "ingest/pii_cues.hpp"
#include "ingest/pii_detectors.hpp"
#include "ingest/pii_eval.hpp"
#include "ingest/redact.hpp"
#include "text/utf8.hpp"

using namespace grounded;
using namespace grounded::ingest;

TEST_CASE("PII fixture: every labeled string is redacted as its type, every clean look-alike survives") {
  const auto cases = read_pii_cases(ingest_fixture("../pii/pii_cases.csv"));
  REQUIRE(cases.size() >= 200);
  int clean = 0;
  for (const PiiCase& c : cases) {
    CAPTURE(c.line);
    CAPTURE(c.text);
    const std::string out = redact_pii(c.text);
    if (c.type == "clean") {
      ++clean;
      CHECK(out == c.text);
    } else {
      CHECK(out.find(c.expected) == std::string::npos);
      CHECK(out.find("[" + c.type + "]") != std::string::npos);
    }
  }
  CHECK(clean >= 60);
}

TEST_CASE("PII fixture: recall per type stays above its floor, clean numbers changed ≤ 2 %") {
  const auto cases = read_pii_cases(ingest_fixture("../pii/pii_cases.csv"));
  const PiiScore s = score_redactor(cases, [](const std::string& t) { return redact_pii(t); });
  for (const char* type : {"email", "phone", "card", "iban", "national_id", "account", "address", "dob", "secret_url",
                           "api_key"}) {
    CAPTURE(type);
    REQUIRE(s.by_type.count(type) == 1);
    CHECK(s.by_type.at(type).cases >= 6);
    CHECK(s.by_type.at(type).recall() >= 0.9);
  }
  CHECK(static_cast<double>(s.found()) / s.positives() >= 0.95);
  CHECK(static_cast<double>(s.clean_changed) / s.clean <= 0.02);
}

TEST_CASE("PII: checksums and structure checks decide, not the shape alone") {
  CHECK(iban_valid("GB82WEST12345698765432"));
  CHECK_FALSE(iban_valid("GB83WEST12345698765432"));
  CHECK(redact_pii("IBAN GB82 WEST 1234 5698 7654 32.") == "IBAN [iban].");
  CHECK(redact_pii("IBAN GB83 WEST 1234 5698 7654 32.") == "IBAN GB83 WEST 1234 5698 7654 32.");
  CHECK(redact_pii("IBAN DE89370400440532013000 ABCD") == "IBAN [iban] ABCD");  // a code after it is not eaten
  for (const char* bad_ssn : {"000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"}) {
    CAPTURE(bad_ssn);
    CHECK(redact_pii(bad_ssn) == bad_ssn);
  }
  CHECK(redact_pii("SSN 123-45-6789") == "SSN [national_id]");
  CHECK(redact_pii("NI AB 12 34 56 C") == "NI [national_id]");
  for (const char* bad_ni : {"DA 12 34 56 C", "GB 12 34 56 A", "AO 12 34 56 A", "AB 12 34 56 E"}) {
    CAPTURE(bad_ni);
    CHECK(redact_pii(bad_ni) == bad_ni);
  }
  CHECK(luhn_valid("4111111111111111"));
  CHECK_FALSE(luhn_valid("4111111111111112"));
}

TEST_CASE("PII: context words are required for account numbers and dates of birth") {
  CHECK(redact_pii("account number 31926819") == "account number [account]");
  CHECK(redact_pii("we have 31926819 rows") == "we have 31926819 rows");
  CHECK(redact_pii("DOB 12/03/1985") == "DOB [dob]");
  CHECK(redact_pii("shipped 12/03/1985") == "shipped 12/03/1985");
  CHECK(redact_pii("call me on 07700900123") == "call me on [phone]");
  CHECK(redact_pii("order 07700900123") == "order 07700900123");
  CHECK(redact_pii("host 172.16.254.101 down") == "host 172.16.254.101 down");
}

TEST_CASE("PII: UTF-8 around matches (accents, CJK, curly quotes) stays intact and valid") {
  const std::string in = "“jose.garcía@correo.example” — 李伟说 +44 20 7946 0958，然后 Zoë at 12 rue de la Paix, 75002 Paris ✓";
  const std::string out = redact_pii(in);
  CHECK(out == "“[email]” — 李伟说 [phone]，然后 Zoë at [address] ✓");
  CHECK(text::is_valid_utf8(out));
  CHECK(redact_pii("José: mail jose.garcía@correo.example") == "José: mail [email]");
  CHECK(redact_pii("à 李伟@例子.example。") == "à [email]。");
}

TEST_CASE("PII: --redact types select detectors; unknown names are a clear error") {
  const PiiTypes email_only = parse_pii_types("email");
  CHECK(redact_pii("a@b.example or +44 20 7946 0958", nullptr, email_only) == "[email] or +44 20 7946 0958");
  CHECK(parse_pii_types("all") == kAllPiiTypes);
  CHECK(parse_pii_types("iban, dob") == (pii_bit(PiiType::iban) | pii_bit(PiiType::dob)));
  CHECK_THROWS_WITH_AS(parse_pii_types("email,ssn"), doctest::Contains("unknown redaction type 'ssn'"), Error);
  RedactionCounts c;
  redact_pii("IBAN GB82WEST12345698765432, DOB 1/1/70, key sk_live_4eC39HqLyjWDarjtT1zdp7dc", &c);
  CHECK(c[PiiType::iban] == 1);
  CHECK(c[PiiType::dob] == 1);
  CHECK(c[PiiType::api_key] == 1);
  CHECK(c.total() == 3);
}

TEST_CASE("PII: JSON nested deeper than the limit is dropped, not walked") {
  nlohmann::json deep = "x@y.example";
  for (int i = 0; i < 200; ++i) deep = nlohmann::json::array({deep});
  nlohmann::json shallow = {{"requester", {{"email", "x@y.example"}}}};
  redact_json(shallow);
  CHECK(shallow["requester"]["email"] == "[email]");
  redact_json(deep);
  CHECK(deep.dump().find("x@y.example") == std::string::npos);
}

TEST_CASE("PII: a long turn is matched to its end (no detector gives up part-way)") {
  std::string s;
  for (int i = 0; i < 4000; ++i) s += "We talked about invoice approval at 10:30 on 2024-03-08, José said ok. ";
  s += "Mail jane@acme.example, IBAN GB82WEST12345698765432.";
  const std::string out = redact_pii(s);
  CHECK(out.substr(out.size() - 30) == "ok. Mail [email], IBAN [iban].");
}

TEST_CASE("PII: the forms the holdouts taught (hyphens, glued keywords, ordinals, announced addresses, webhooks)") {
  CHECK(redact_pii("the sort-code is 40-47-84") == "the sort-code is [account]");
  CHECK(redact_pii("my number: 07911 123456") == "my number: [phone]");
  CHECK(redact_pii("order number 07911123456") == "order number 07911123456");  // "number" alone stays an ID
  CHECK(redact_pii("DOB is the 3rd of June 1990") == "DOB is the [dob]");
  CHECK(redact_pii("my birthday, 11.11.1999, to register") == "my birthday, [dob], to register");
  CHECK(redact_pii("office at 88 Colmore Row, Birmingham") == "office at [address]");
  CHECK(redact_pii("the store on 230 West 43rd Street is closed") == "the store on [address] is closed");
  CHECK(redact_pii("I'm at 15 Kingsway, Manchester") == "I'm at [address], Manchester");
  CHECK(redact_pii("we have 15 Kingsway stores") == "we have 15 Kingsway stores");  // no announcing word
  CHECK(redact_pii("passport no C01X00T47 for the visa") == "passport no [national_id] for the visa");
  CHECK(redact_pii("passport photo taken") == "passport photo taken");
  CHECK(redact_pii("nino: ye 43 21 09 b") == "nino: [national_id]");
  CHECK(redact_pii("we do 24 hour shifts") == "we do 24 hour shifts");
  CHECK(redact_pii("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == "AWS_SECRET_ACCESS_KEY=[api_key]");
  CHECK(redact_pii("tomás(at)agencia.example") == "[email]");
  CHECK(redact_pii("dead at home dot matrix") == "dead at home dot matrix");  // a plain "at" needs a common domain
  CHECK(redact_pii("hook: https://hooks.slack.example/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXX") == "hook: [secret_url]");
  CHECK(redact_pii("docs: https://example.com/docs/webhooks/setup-guide") == "docs: https://example.com/docs/webhooks/setup-guide");
  CHECK(redact_pii("the UPC on the box is 0-12345-67890-5") == "the UPC on the box is 0-12345-67890-5");
}

TEST_CASE("PII: the forms the third and fourth holdouts taught (tracking numbers, versions, card groupings, more contexts)") {
  // Look-alikes that must survive.
  CHECK(redact_pii("tracking 1Z 999 AA1 01 2345 6784") == "tracking 1Z 999 AA1 01 2345 6784");
  CHECK(redact_pii("shipment 1Z12E4560398765432 returned") == "shipment 1Z12E4560398765432 returned");
  CHECK(redact_pii("DHL waybill 4155550198, call me on 4155550199") == "DHL waybill 4155550198, call me on [phone]");
  CHECK(redact_pii("Chrome 120.0.6099.129 and Windows 10.0.19045.3803") == "Chrome 120.0.6099.129 and Windows 10.0.19045.3803");
  CHECK(redact_pii("ZIP+4 02139-4307 rejected") == "ZIP+4 02139-4307 rejected");
  CHECK(redact_pii("batch 2024-11-0042 rejected") == "batch 2024-11-0042 rejected");
  CHECK(redact_pii("order number 2000123-45678901") == "order number 2000123-45678901");  // Luhn-valid, not card-grouped
  CHECK(redact_pii("a hash 'de4432011182715898700' is no IBAN") == "a hash 'de4432011182715898700' is no IBAN");
  // Identifiers that must go.
  CHECK(redact_pii("dotted +1.415.555.0192 or 1.800.555.0199") == "dotted [phone] or [phone]");
  CHECK(redact_pii("the Amex 3714 496353 98431") == "the Amex [card]");
  CHECK(redact_pii("contact the dev at maria dot lopez at gmail dot com") == "contact the dev at [email]");
  CHECK(redact_pii("neue IBAN at611904300234573201") == "neue IBAN [iban]");
  CHECK(redact_pii("Canadian SIN 046 454 286") == "Canadian SIN [national_id]");
  CHECK(redact_pii("SIN 046 454 287") == "SIN 046 454 287");  // fails Luhn
  CHECK(redact_pii("DNI 48213576X, NIE X1234567L") == "DNI [national_id], NIE [national_id]");
  CHECK(redact_pii("DNI 48213576A") == "DNI 48213576A");  // wrong check letter
  CHECK(redact_pii("key sk-proj-4fT9qLm2XvB7nR8sW1kY3dZ6, glpat-x7Yq2Lm9Pw4Rt6Vn8Bk1") == "key [api_key], [api_key]");
  CHECK(redact_pii("Geburtsdatum: 12.08.1975") == "Geburtsdatum: [dob]");
  CHECK(redact_pii("checking account 000123456789 at Chase") == "checking account [account] at Chase");
  CHECK(redact_pii("Kontonummer 0532013000") == "Kontonummer [account]");
  CHECK(redact_pii("my passport — C01X00T47 — and my passport, it's 912803456") ==
        "my passport — [national_id] — and my passport, it's [national_id]");
  CHECK(redact_pii("caller left 02079460321 as a callback") == "caller left [phone] as a callback");
}

TEST_CASE("PII: the forms the fifth holdout taught (reference shields, service lines, more languages)") {
  // Reference numbers after the words that name them are not phones or cards.
  CHECK(redact_pii("Cliente: número de pedido 1180-2291-33") == "Cliente: número de pedido 1180-2291-33");
  CHECK(redact_pii("注文番号 250-1129-4471 の商品") == "注文番号 250-1129-4471 の商品");
  CHECK(redact_pii("the order number, like 2611 0448 9312, never matches") ==
        "the order number, like 2611 0448 9312, never matches");
  CHECK(redact_pii("Bestellnummer 302-4419-1187 fehlt") == "Bestellnummer 302-4419-1187 fehlt");
  CHECK(redact_pii("payment reference GB82 WEST 1234 5698 7654 32") == "payment reference [iban]");  // digits-only shield
  CHECK(redact_pii("release 20240312-1530 is out") == "release 20240312-1530 is out");
  CHECK(redact_pii("FedEx 7749 2813 6650 stuck") == "FedEx 7749 2813 6650 stuck");
  // A toll-free line announced as a hotline is a business's; the same digits otherwise are a phone.
  CHECK(redact_pii("the hotline 0800 123 4567 is free") == "the hotline 0800 123 4567 is free");
  CHECK(redact_pii("Service-Hotline 0180 6 123456") == "Service-Hotline 0180 6 123456");
  CHECK(redact_pii("call me on 0800 123 4567 after five") == "call me on [phone] after five");
  CHECK(redact_pii("Tel. 089/1234567 ab 9 Uhr") == "Tel. [phone] ab 9 Uhr");
  CHECK(redact_pii("I put 2125550143 in the phone field") == "I put [phone] in the phone field");
  // Passports in several languages are national identifiers.
  CHECK(redact_pii("mi pasaporte es PAK492817") == "mi pasaporte es [national_id]");
  CHECK(redact_pii("Reisepassnummer C4J9RLT27") == "Reisepassnummer [national_id]");
  CHECK(redact_pii("passport # 547 219 806 — safe?") == "passport # [national_id] — safe?");
  CHECK(redact_pii("SSN?? I entered 245881937") == "SSN?? I entered [national_id]");
  CHECK(redact_pii("SSN 209\u201337\u20136684") == "SSN [national_id]");
  CHECK(redact_pii("NI number JE-48-19-72-A") == "NI number [national_id]");
  // Bank, address, DOB, card and key forms.
  CHECK(redact_pii("routing 021000021, account 483920175566") == "routing [account], account [account]");
  CHECK(redact_pii("account 12345678 has 3 users") == "account 12345678 has 3 users");  // no banking words
  CHECK(redact_pii("Lieferadresse: Am Sonnenhang 7a, 81479 München") == "Lieferadresse: [address]");
  CHECK(redact_pii("mi dirección es Calle de Alcalá 123, 3º izq., 28009 Madrid") == "mi dirección es [address]");
  CHECK(redact_pii("we meet via Zoom 3 times a week") == "we meet via Zoom 3 times a week");
  CHECK(redact_pii("ma date de naissance est le 28/09/1990") == "ma date de naissance est le [dob]");
  CHECK(redact_pii("my card (2221 8776 4288 2500) was saved") == "my card ([card]) was saved");
  CHECK(redact_pii("datadog api key is 534b3aa94ccabf179c820a4a6fef7f2f") == "datadog api key is [api_key]");
  CHECK(redact_pii("SID SK89b19ea51177964f651d779dbe3c1978") == "SID [api_key]");
  CHECK(redact_pii("Stripe key pk_test_TYooMQauvdEDq54NiTphI7jx is public") == "Stripe key pk_test_TYooMQauvdEDq54NiTphI7jx is public");
  // Token links without a scheme, with prefixed parameters, or with the token in the path.
  CHECK(redact_pii("link calendly.com/x/confirm?access_token=ya29a0AfB_byC9xQ2 works") == "link [secret_url] works");
  CHECK(redact_pii("https://team.example.com/join?invite_code=uqPEw78cvmMELXNrhm0CGr20 fails") == "[secret_url] fails");
  CHECK(redact_pii("https://id.example.com/pw/reset/Mjg0NTk2/c7k2-a91e5f0b3d7c4e28 expired") == "[secret_url] expired");
  CHECK(redact_pii("see https://docs.example.com/reset/password-help for steps") ==
        "see https://docs.example.com/reset/password-help for steps");
  CHECK(redact_pii("page?token=abc is missing") == "page?token=abc is missing");
}

TEST_CASE("PII: identifiers of India, Australia, China, Japan and US ITINs by their check digits") {
  CHECK(in_aadhaar_valid("718190937865"));
  CHECK_FALSE(in_aadhaar_valid("718190937866"));
  CHECK_FALSE(in_aadhaar_valid("118190937865"));  // never starts with 0 or 1
  CHECK(in_pan_valid("BNZPK4412Q"));
  CHECK_FALSE(in_pan_valid("BNZXK4412Q"));  // X names no kind of holder
  CHECK(au_tfn_valid("391703423"));
  CHECK_FALSE(au_tfn_valid("391703424"));
  CHECK(au_medicare_valid("2268599528"));
  CHECK_FALSE(au_medicare_valid("2268599538"));
  CHECK(cn_resident_id_valid("440306198506126499"));
  CHECK_FALSE(cn_resident_id_valid("440306198506126490"));
  CHECK_FALSE(cn_resident_id_valid("440306198513326499"));  // month 13
  CHECK(jp_my_number_valid("600474395755"));
  CHECK_FALSE(jp_my_number_valid("600474395756"));
  CHECK(us_itin_valid("912783345"));
  CHECK_FALSE(us_itin_valid("912483345"));  // group 48 is not issued
  // The name decides only with a valid number; a wrong one stays.
  CHECK(redact_pii("TFN 391 703 423") == "TFN [national_id]");
  CHECK(redact_pii("TFN 391 703 424") == "TFN 391 703 424");
  // Chinese and Japanese write the name against the words around it.
  CHECK(redact_pii("我的身份证号是440306198506126499。") == "我的身份证号是[national_id]。");
  CHECK(redact_pii("マイナンバーは600474395755です") == "マイナンバーは[national_id]です");
}

TEST_CASE("PII: Korean, Czech and Romanian personal numbers by their dates and check digits") {
  CHECK(kr_rrn_valid("8703152857104"));
  CHECK_FALSE(kr_rrn_valid("8713152857104"));  // month 13
  CHECK(cz_rodne_cislo_valid("8553128320"));    // a woman's: month + 50
  CHECK_FALSE(cz_rodne_cislo_valid("8553128321"));
  CHECK(cz_rodne_cislo_valid("535312123"));     // 9 digits before 1954
  CHECK(ro_cnp_valid("1850412298877"));
  CHECK_FALSE(ro_cnp_valid("1850412298870"));
  CHECK(redact_pii("고객: 주민등록번호는 870315-2857104입니다") == "고객: 주민등록번호는 [national_id]입니다");
}

TEST_CASE("PII: a lower-case IBAN with no word before it counts only at its country's length") {
  CHECK(redact_pii("terugstorten op nl91abna0417164300 graag") == "terugstorten op [iban] graag");
  // The same account with a digit group dropped: after "IBAN" mod 97 decides
  // (it fails here), with no word the length already rules it out.
  CHECK(redact_pii("terugstorten op nl91abna04171643 graag") == "terugstorten op nl91abna04171643 graag");
  CHECK(redact_pii("“iban de89 3704 0044 0532 0130 00” – danke") == "“iban [iban]” – danke");
}

TEST_CASE("PII: a business's numbers and lines are not a person's") {
  // Registration and tax numbers after their names, a line the company gives as its own.
  CHECK(redact_pii("NIP firmy 526-104-08-28") == "NIP firmy 526-104-08-28");
  CHECK(redact_pii("Agent: our switchboard is +44 20 7946 0000") == "Agent: our switchboard is +44 20 7946 0000");
  CHECK(redact_pii("サポート窓口 0120-123-456 までお電話ください") == "サポート窓口 0120-123-456 までお電話ください");
  // A person's number beside the same words is still redacted.
  CHECK(redact_pii("my mobile is +44 7700 900123, not the switchboard") == "my mobile is [phone], not the switchboard");
}

TEST_CASE("PII: addresses as Chinese and Japanese write them, post office boxes, and a company's letterhead") {
  CHECK(redact_pii("住所は東京都渋谷区神南1丁目2番3号です") == "住所は[address]です");
  CHECK(redact_pii("地址：广州市天河区体育西路103号1801室") == "地址：[address]");
  CHECK(redact_pii("東京都内は2-3日で届きます") == "東京都内は2-3日で届きます");  // a delivery time, not a block number
  CHECK(redact_pii("“PO Box 771, Moncton NB E1C 4B2”") == "“[address]”");
  CHECK(redact_pii("Agent: Fjord AB Ltd · Kungsgatan 4, 111 43 Stockholm") ==
        "Agent: Fjord AB Ltd · Kungsgatan 4, 111 43 Stockholm");
  CHECK(redact_pii("I work at Fjord Ltd, ship it home to 4 Elm Road, Leeds LS6 2AB") ==
        "I work at Fjord Ltd, ship it home to [address]");
}

TEST_CASE("PII: dates of birth after Chinese and Japanese cues and in a transcript's answer") {
  CHECK(redact_pii("生年月日：1975年12月1日") == "生年月日：[dob]");
  CHECK(redact_pii("出生日期是1990年1月5日") == "出生日期是[dob]");
  CHECK(redact_pii("誕生日セールは2025年3月1日まで") == "誕生日セールは2025年3月1日まで");
  CHECK(redact_pii("Interviewer: your date of birth? Participant: 5 May 1961") ==
        "Interviewer: your date of birth? Participant: [dob]");
}

TEST_CASE("PII cues: an entry that starts outside ASCII gives its first character as its head") {
  // Without one, every pattern led by the list would be tried at every byte.
  CHECK_FALSE(pii_cue_heads("reference_words").empty());
  CHECK_FALSE(pii_cue_heads("nid_in_aadhaar").empty());
  CHECK(redact_pii("Kund: Ärende 2024-0045123 är stängt") == "Kund: Ärende 2024-0045123 är stängt");
}

TEST_CASE("PII holdouts (written after the tuning set): recall ≥ 95 %, clean look-alikes changed ≤ 2 %") {
  // The third to sixth were each measured once before the rules were tuned
  // on them (bench/README.md has those figures); here they are floors.
  for (const char* file : {"../pii/pii_holdout.csv", "../pii/pii_holdout_2.csv", "../pii/pii_holdout_3.csv",
                           "../pii/pii_holdout_4.csv", "../pii/pii_holdout_5.csv", "../pii/pii_holdout_6.csv"}) {
    CAPTURE(file);
    const auto cases = read_pii_cases(ingest_fixture(file));
    const PiiScore s = score_redactor(cases, [](const std::string& t) { return redact_pii(t); });
    CHECK(static_cast<double>(s.found()) / s.positives() >= 0.95);
    CHECK(static_cast<double>(s.clean_changed) / s.clean <= 0.02);
  }
}

TEST_CASE("PII holdout 7 (written blind, tuned on since its misses were fixed by kind) keeps its figure") {
  // First measured blind on the rules of 0aa4eed: 197/239 found, 19/470 clean
  // changed. Its misses were then answered by kind with general rules, so
  // this is a floor on tuned-on text, not an honest estimate (bench/README.md).
  const auto cases = read_pii_cases(ingest_fixture("../pii/pii_holdout_7.csv"));
  const PiiScore s = score_redactor(cases, [](const std::string& t) { return redact_pii(t); });
  CHECK(s.positives() == 239);
  CHECK(s.found() >= 239);
  CHECK(s.clean_changed <= 0);
}

TEST_CASE("PII holdout 8 (written blind, measured once; tuned on since 5a92a5e) keeps its figure") {
  // Written by someone who read no redaction code, fixture or earlier holdout;
  // measured once on the rules of 5ff58f8: 281/336 found, 11/648 clean
  // changed (bench/README.md). Its 15 passports, driving licences and tax
  // reference numbers were then retyped account -> national_id (identity
  // documents are national_id in redact.hpp and holdouts 5-7; account is a
  // bank's number), which makes the same run 291/336. Tuned on since
  // 5a92a5e (national ids outside Europe, dates of birth): 312/336, 11/648.
  // A floor, so later rules cannot lose ground on it.
  const auto cases = read_pii_cases(ingest_fixture("../pii/pii_holdout_8.csv"));
  const PiiScore s = score_redactor(cases, [](const std::string& t) { return redact_pii(t); });
  CHECK(s.positives() == 336);
  CHECK(s.found() >= 312);
  CHECK(s.clean_changed <= 11);
}

TEST_CASE("PII cues: the lists come from the embedded pii_cues.json and are matched as words") {
  CHECK_FALSE(pii_cue_list("dob_cues").empty());
  CHECK(pii_cue_alternation("toll_free_nanp").rfind("(?:800|", 0) == 0);
  CHECK_THROWS_AS(pii_cue_list("no_such_list"), Error);
  // Accented cues are compared as the word window shows them.
  CHECK(window_has_cue(word_window_of("llame a la línea de atención al cliente"), "service_line"));
  CHECK_FALSE(window_has_cue(word_window_of("recall"), "phone_before"));  // "call" only as a whole word
  // A toll-free number after a service cue in Spanish is the company's line.
  CHECK(redact_pii("Línea de atención al cliente: 0800 123 4567") == "Línea de atención al cliente: 0800 123 4567");
}

TEST_CASE("PII checksums: published valid examples pass, one changed digit fails") {
  struct Pair {
    bool (*valid)(std::string_view);
    const char* good;
    const char* bad;
  };
  const Pair pairs[] = {
      {fr_nir_valid, "269054958815780", "269054958815781"},
      {nl_bsn_valid, "111222333", "111222334"},
      {it_codice_fiscale_valid, "RSSMRA85T10A562S", "RSSMRA85T10A562T"},
      {de_steuer_id_valid, "86095742719", "86095742718"},
      {es_dni_valid, "12345678Z", "12345678A"},
      {pt_nif_valid, "123456789", "123456788"},
      {be_national_number_valid, "85073003328", "85073003329"},
      {pl_pesel_valid, "44051401359", "44051401358"},
      {se_personnummer_valid, "8112289874", "8112289875"},
      {dk_cpr_valid, "0707614285", "3207614285"},  // no check digit: the date decides
      {no_fodselsnummer_valid, "01010750160", "01010750161"},
      {fi_hetu_valid, "131052-308T", "131052-308U"},
      {at_svnr_valid, "1237010180", "1238010180"},
      {ch_ahv_valid, "7569217076985", "7569217076986"},
      {uk_nhs_valid, "9434765919", "9434765918"},
      {ie_ppsn_valid, "1234567T", "1234567A"},
      {ca_sin_valid, "046454286", "046454287"},
      {fr_rib_valid, "2004101005" "0500013M026" "06", "2004101005" "0500013M026" "07"},
      {aba_routing_valid, "011000015", "011000016"},
      {mod97_reference_valid, "RF18539007547034", "RF19539007547034"},
      {za_id_valid, "8001015009087", "8001015009088"},
      {tr_kimlik_valid, "10000000146", "10000000147"},
      {sg_nric_valid, "S1234567D", "S1234567E"},
      {tw_id_valid, "A123456789", "A123456788"},
      {hk_id_valid, "A1234563", "A1234564"},
      {br_cpf_valid, "11144477735", "11144477736"},
      {cl_rut_valid, "123456785", "123456786"},
      {ca_sin_valid, "123456782", "123456783"},  // Israel's teudat zehut uses the same Luhn
      {uk_utr_valid, "1123456789", "2123456789"},
  };
  for (const Pair& p : pairs) {
    CAPTURE(p.good);
    CHECK(p.valid(p.good));
    CHECK_FALSE(p.valid(p.bad));
  }
}

TEST_CASE("PII national ids outside Europe: after their names, only when their check holds") {
  CHECK(redact_pii("Cliente: o meu CPF é 529.982.247-25, obrigado") == "Cliente: o meu CPF é [national_id], obrigado");
  CHECK(redact_pii("Cliente: o meu CPF é 52998224726, obrigado") == "Cliente: o meu CPF é 52998224726, obrigado");
  CHECK(redact_pii("客戶：身份證號碼 K273915(1)，請刪除") == "客戶：身份證號碼 [national_id]，請刪除");
  CHECK(redact_pii("用户：身分證字號F224135795。") == "用户：身分證字號[national_id]。");
  CHECK(redact_pii("Müşteri: T.C. kimlik numaram “34891275650” görünmüyor") ==
        "Müşteri: T.C. kimlik numaram “[national_id]” görünmüyor");
  CHECK(redact_pii("Cliente: mi RUT es el 15.382.947-0") == "Cliente: mi RUT es el [national_id]");
  CHECK(redact_pii("Cliente: mi RUT es el 15.382.947-1") == "Cliente: mi RUT es el 15.382.947-1");
  CHECK(redact_pii("Customer: NRIC T0312345B, SA ID number 8507225129085") ==
        "Customer: NRIC [national_id], SA ID number [national_id]");
  // A Corsican NIR: 2A in place of the département's digits.
  CHECK(redact_pii("Client corse : NIR 1 85 07 2A 123 456 65") == "Client corse : NIR [national_id]");
  CHECK(redact_pii("Kunde: Steuernummer 143/815/08152") == "Kunde: Steuernummer [national_id]");
  CHECK(redact_pii("Client : mon NAS est le 046 454 286") == "Client : mon NAS est le [national_id]");
  // Identity documents after a full-width colon, and a licence after a curly apostrophe.
  CHECK(redact_pii("パスポート番号：XK1234567") == "パスポート番号：[national_id]");
  CHECK(redact_pii("My driver’s license B7718203") == "My driver’s license [national_id]");
}

TEST_CASE("PII dates of birth: record fields, a birth word after the date, Turkish, Korean and Japanese era dates") {
  CHECK(redact_pii(R"(row {"dob":"1984-09-17"} is public)") == R"(row {"dob":"[dob]"} is public)");
  CHECK(redact_pii("profile: date_of_birth=1984-09-17") == "profile: date_of_birth=[dob]");
  CHECK(redact_pii("Kunde: ich bin am 3. März 1979 geboren") == "Kunde: ich bin am [dob] geboren");
  CHECK(redact_pii("Kunde: am 3. März 1979 wurde die Filiale eröffnet") == "Kunde: am 3. März 1979 wurde die Filiale eröffnet");
  CHECK(redact_pii("Müşteri: doğum tarihim 4 Ekim 1992") == "Müşteri: doğum tarihim [dob]");
  CHECK(redact_pii("고객: 생년월일은 1988년 11월 3일입니다") == "고객: 생년월일은 [dob]입니다");
  CHECK(redact_pii("お客様：生年月日 昭和63年7月21日") == "お客様：生年月日 [dob]");
  CHECK(redact_pii("Cliente: mi padre nació el 9 de julio de 1950") == "Cliente: mi padre nació el [dob]");
}

TEST_CASE("PII national ids: after their names in their languages, next to accents, CJK and curly quotes") {
  CHECK(redact_pii("Klant: mijn BSN is 111222333, dat vroeg de app") == "Klant: mijn BSN is [national_id], dat vroeg de app");
  CHECK(redact_pii("Kundin: Steuer-ID „86 095 742 719“ übernommen") == "Kundin: Steuer-ID „[national_id]“ übernommen");
  CHECK(redact_pii("Klient: PESEL：44051401359です") == "Klient: PESEL：[national_id]です");
  CHECK(redact_pii("Kund: personnummer ”811228-9874” är fel") == "Kund: personnummer ”[national_id]” är fel");
  CHECK(redact_pii("Asiakas: hetu 131052-308T.") == "Asiakas: hetu [national_id].");
  CHECK(redact_pii("Client : numéro de sécurité sociale 2 69 05 49 588 157 80 !") ==
        "Client : numéro de sécurité sociale [national_id] !");
  // A tax-id cue is ambiguous ("tin", "tax id" of a company): its number must check out.
  CHECK(redact_pii("tax id 86 095 742 718") == "tax id 86 095 742 718");
  // SIN is also Spanish for "without": no distance, and Luhn decides.
  CHECK(redact_pii("envío sin 3 cajas, pedido 046 454 287") == "envío sin 3 cajas, pedido 046 454 287");
  // Distinctive shapes stand alone when they check out.
  CHECK(redact_pii("«RSSMRA85T10A562S»") == "«[national_id]»");
  CHECK(redact_pii("AHV 756.9217.0769.85") == "AHV [national_id]");
  CHECK(redact_pii("code ABCDEF12G34H567I") == "code ABCDEF12G34H567I");  // codice-fiscale shape, wrong check
  // Identity cards and licences are read like passports.
  CHECK(redact_pii("Personalausweisnummer L01X00T47 abgelehnt") == "Personalausweisnummer [national_id] abgelehnt");
  CHECK(redact_pii("carta d'identità n. CA00000AA scaduta") == "carta d'identità n. [national_id] scaduta");
}

TEST_CASE("PII bank numbers: RIB key, BSB and account words in several languages, RF references are not IBANs") {
  CHECK(redact_pii("RIB : 20041 01005 0500013M026 06, merci") == "RIB : [account], merci");
  CHECK(redact_pii("virement 20041 01005 0500013M026 06") == "virement [account]");  // the RIB key alone suffices
  CHECK(redact_pii("BSB 062-000 acc 12345678") == "BSB [account] acc [account]");
  CHECK(redact_pii("cuenta bancaria 0049 1500 05 1234567892 ✓") == "cuenta bancaria [account] ✓");
  CHECK(redact_pii("Zahlungsreferenz RF18 5390 0754 7034") == "Zahlungsreferenz RF18 5390 0754 7034");
  CHECK(redact_pii("IBAN BE68 5390 0754 7034") == "IBAN [iban]");
}

TEST_CASE("PII dates of birth: birth cues in eight languages, month names, ordinary dates left") {
  CHECK(redact_pii("je suis né le 4 juillet 1990") == "je suis né le [dob]");
  CHECK(redact_pii("sono nata il 02/05/1983") == "sono nata il [dob]");
  CHECK(redact_pii("geboortedatum 19-09-2001") == "geboortedatum [dob]");
  CHECK(redact_pii("Geburtsdatum: 3. März 1985") == "Geburtsdatum: [dob]");
  CHECK(redact_pii("nacido en Sevilla el 4 de julio de 1979") == "nacido en Sevilla el [dob]");
  CHECK(redact_pii("data urodzenia 14 lipca 1992 r.") == "data urodzenia [dob] r.");
  CHECK(redact_pii("född den 8 augusti 1969") == "född den [dob]");
  CHECK(redact_pii("“born on March 12, 1980”") == "“born on [dob]”");
  // Not birth dates: an appointment, a weak cue a few words before a date, a sentence end between.
  CHECK(redact_pii("rendez-vous le 4 juillet 2026") == "rendez-vous le 4 juillet 2026");
  CHECK(redact_pii("birthday voucher expired on 12/03/2024") == "birthday voucher expired on 12/03/2024");
  CHECK(redact_pii("I was born in Spain. Order date 12/03/2024") == "I was born in Spain. Order date 12/03/2024");
}

TEST_CASE("PII addresses: street words and postcodes of more countries; a company's registered premises are left") {
  CHECK(redact_pii("adres is Keizersgracht 123, 1015 CJ Amsterdam") == "adres is [address]");
  CHECK(redact_pii("ul. Marszałkowska 10/12, 00-590 Warszawa") == "[address]");
  CHECK(redact_pii("Drottninggatan 71, 111 36 Stockholm") == "[address]");
  CHECK(redact_pii("morada Rua Augusta 100, 1100-053 Lisboa") == "morada [address]");
  CHECK(redact_pii("住所: Via dei Mille 5, 80121 Napoli") == "住所: [address]");
  CHECK(redact_pii("Place Order 2 times") == "Place Order 2 times");
  CHECK(redact_pii("Sitzplatz 23F") == "Sitzplatz 23F");
  CHECK(redact_pii("our office is at Level 5, 100 Pitt Street? no, that's the old HQ listing") ==
        "our office is at Level 5, 100 Pitt Street? no, that's the old HQ listing");
  CHECK(redact_pii("ons hoofdkantoor: Keizersgracht 500, 1017 EG Amsterdam") ==
        "ons hoofdkantoor: Keizersgracht 500, 1017 EG Amsterdam");
  // "our warehouse" may be a participant's own small business: still redacted.
  CHECK(redact_pii("our warehouse is at 1250 Industrial Blvd in Reno") == "our warehouse is at [address] in Reno");
}

TEST_CASE("PII look-alikes: references, delivery notes, error codes, meters and service lines stay") {
  for (const char* clean : {"albarán 2026-004712, faltan dos cajas", "ordine n. 2026-118734 annullato",
                            "Order ID (if any): 8817-2293-1140", "error 404-118-2207 every time",
                            "Fehlercode 502-331-9918", "EAN-code aansluiting 871687120000000000",
                            "Sendungsverfolgung 1234 5678 9012", "called 1-888-555-0123 (our billing line) twice",
                            "the number 0345 600 3030, is a premium line?!", "PDL 14 chiffres 09876543210987",
                            "Zählernummer 1ESY1160123456"}) {
    CAPTURE(clean);
    CHECK(redact_pii(clean) == clean);
  }
  // A toll-free prefix alone is not enough: without a service word it is read as a phone.
  CHECK(redact_pii("call me on 0345 600 3030") == "call me on [phone]");
}

TEST_CASE("PII secret URLs: any parameter named for a password, session or signature, in several languages") {
  CHECK(redact_pii("join https://meet.example.us/j/834729?pwd=bXlTZWNyZXQ “now”") == "join [secret_url] “now”");
  CHECK(redact_pii("https://portal.example.eu/login?passwort=Sommer2024xyz") == "[secret_url]");
  CHECK(redact_pii("app.example.com/s?sessionid=9f8e7d6c5b4a39281706") == "[secret_url]");
  CHECK(redact_pii("https://shop.example.com/search?q=pwd+reset&page=2") == "https://shop.example.com/search?q=pwd+reset&page=2");
}

TEST_CASE("PII guards: companies' tax numbers, dated lot numbers and film titles are not personal") {
  CHECK(redact_pii("Empresa: NIF 501234560 na fatura") == "Empresa: NIF 501234560 na fatura");  // a company's NIF
  CHECK(redact_pii("Cliente: NIF 123456789") == "Cliente: NIF [national_id]");                  // a person's
  CHECK(redact_pii("Lot 240315-1234 ready") == "Lot 240315-1234 ready");
  CHECK(redact_pii("Born Free tickets for 12/05/2026") == "Born Free tickets for 12/05/2026");
  CHECK(redact_pii("born in Madrid on 3 May 1985") == "born in Madrid on [dob]");
  CHECK(redact_pii("Login https://x.example.com/a?sessionToken=ab12cd34ef56gh78") == "Login [secret_url]");
  CHECK(redact_pii("https://x.example.com/?monkey=banana") == "https://x.example.com/?monkey=banana");
}

TEST_CASE("PII lower-case IBAN after 'IBAN lautet'; UK postcode after a town") {
  CHECK(redact_pii("meine IBAN lautet de89 3704 0044 0532 0130 00") == "meine IBAN lautet [iban]");
  CHECK(redact_pii("221B Baker Street, London NW1 6XE") == "[address]");
}
