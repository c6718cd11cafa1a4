// Which answers to a closed survey question say the opposite of a chosen
// one, so a survey check can show the respondents who contradict a claim
// beside those who support it: the other half of a numeric scale (across the
// midpoint of the answers given), or a choice whose words pair against the
// chosen one's ("Disagree" against "Strongly agree", "No" against "Yes"; the
// pairs live in src/synth/data/survey_opposites.json). Most questions have no
// opposite ("What is your biggest problem?": choosing another problem does
// not deny this one); then nothing is counted as contradicting.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace grounded::synth {

struct OppositeAnswers {
  std::set<std::string> answers;  // as given, among `given`
  std::string description;        // "an answer below 3" or "'Disagree', 'Strongly disagree'"; "" when none
};

// `given`: every distinct answer respondents gave to the question.
OppositeAnswers opposite_answers(const std::vector<std::string>& given, const std::string& wanted);

}  // namespace grounded::synth
