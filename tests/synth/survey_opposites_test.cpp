// Which closed survey answers contradict a chosen one (survey_opposites.hpp),
// and a survey check's figure counting them beside the supporting share.
#include <doctest/doctest.h>

#include "store/database.hpp"
#include "synth/survey_checks.hpp"
#include "synth/survey_opposites.hpp"

using grounded::synth::opposite_answers;
using grounded::synth::survey_figure;

TEST_CASE("survey opposites: Likert sides, yes and no, a scale's other half; none for plain choices") {
  const std::vector<std::string> likert = {"Strongly agree", "Agree", "Neither agree nor disagree", "Disagree",
                                           "Strongly disagree"};
  auto agree = opposite_answers(likert, "Agree");
  CHECK(agree.answers == std::set<std::string>{"Disagree", "Strongly disagree"});
  CHECK(agree.description == "'Disagree', 'Strongly disagree'");
  CHECK(opposite_answers(likert, "Strongly disagree").answers == std::set<std::string>{"Agree", "Strongly agree"});
  CHECK(opposite_answers(likert, "Neither agree nor disagree").answers.empty());  // neutral opposes nothing

  CHECK(opposite_answers({"Yes", "No", "Not sure"}, "yes").answers == std::set<std::string>{"No"});
  CHECK(opposite_answers({"Très satisfait", "Dissatisfied", "Satisfied"}, "Satisfied").answers ==
        std::set<std::string>{"Dissatisfied"});
  // A long option that starts with "No" is not a "No".
  CHECK(opposite_answers({"Yes", "No approval workflow at all today"}, "Yes").answers.empty());

  auto high = opposite_answers({"1", "2", "3", "4", "5"}, "5");
  CHECK(high.answers == std::set<std::string>{"1", "2"});
  CHECK(high.description == "an answer below 3");
  CHECK(opposite_answers({"0", "6", "9", "10"}, "0").answers == std::set<std::string>{"6", "9", "10"});
  CHECK(opposite_answers({"1", "3", "5"}, "3").description.empty());  // the midpoint sides with no one

  auto problems = opposite_answers({"Manual re-keying", "Chasing approvers"}, "Manual re-keying");
  CHECK(problems.answers.empty());
  CHECK(problems.description.empty());
}

TEST_CASE("survey figure: contradicting respondents counted beside the supporting share, overall and in the cohort") {
  auto db = grounded::store::Database::open(":memory:");
  db.exec("INSERT INTO imports (id, origin, sha256, format, byte_size) VALUES (1, 'survey.csv', 'x', 'typeform_csv', 1)");
  auto answer = db.prepare("INSERT INTO survey_answers (import_id, respondent, question, answer, kind) VALUES (1, ?1, ?2, ?3, ?4)");
  const std::string q = "Approving invoices on my phone would save me time";
  const char* said[] = {"Strongly agree", "Agree", "Agree", "Disagree", "Strongly disagree", "Neither agree nor disagree",
                        "Agree", "Agree", "Disagree", "Strongly agree"};
  for (int r = 0; r < 10; ++r) {
    const std::string who = "r" + std::to_string(r);
    answer.reset();
    answer.bind(1, who).bind(2, q).bind(3, said[r]).bind(4, "choice").run();
    answer.reset();
    answer.bind(1, who).bind(2, "What is your role?").bind(3, r < 5 ? "Controller" : "AP Specialist").bind(4, "attribute").run();
  }
  auto f = survey_figure(db, q, "Agree", {"Controller"});
  CHECK(f.chosen == 4);
  CHECK(f.respondents == 10);
  CHECK(f.contradicting == 3);
  CHECK(f.opposite == "'Disagree', 'Strongly disagree'");
  CHECK(f.cohort_chosen == 2);
  CHECK(f.cohort_contradicting == 2);
  CHECK(f.sentence == "40% of 10 respondents chose 'Agree' (" + q +
                          "); 30% (3) chose the opposite ('Disagree', 'Strongly disagree'); among Controller: 40% of 5, 40% the opposite");

  // A plain choice question has no opposite: the sentence is the supporting figure alone.
  auto plain = survey_figure(db, "What is your role?", "Controller");
  CHECK(plain.opposite.empty());
  CHECK(plain.contradicting == 0);
  CHECK(plain.sentence == "50% of 10 respondents chose 'Controller' (What is your role?)");
}
