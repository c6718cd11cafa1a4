// Role words in influencer evidence (src/synth/data/role_heads.txt): "our
// IT guy", "the head of IT" and "our IT team" all name the IT role, so
// their tags meet in one role theme (theme_proposal.hpp, o: keys) instead
// of scattering by whatever else each sentence says ("Security
// questionnaire", "Security review").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace grounded::synth {

class RoleWords {
 public:
  // The lines of a role_heads.txt: "<words>\t<role name>"; '#' comments and
  // blank lines are skipped, a line without a tab is Error(invalid_input)
  // naming its number.
  static RoleWords parse(std::string_view text);
  // The embedded src/synth/data/role_heads.txt, parsed once.
  static const RoleWords& builtin();

  // The role names said in `sentence`, in order of first mention, each once.
  // Words are runs of Unicode letters and digits, so a UTF-8 word is never
  // split or matched in part, and quotes or dashes around a word are not in it.
  std::vector<std::string> roles_in(std::string_view sentence) const;

 private:
  struct Term {
    std::vector<std::string> words;  // as written in the file
    bool exact = false;              // written with capitals: match case
    std::string role;
  };
  std::vector<Term> terms_;  // longest first
};

}  // namespace grounded::synth
