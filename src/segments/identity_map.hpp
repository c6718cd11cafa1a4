// Who an analytics user is in the repository: the id map CSV, else their
// e-mail, else their group or e-mail domain. Internal to segments/.
//
// The id map (--id-map MAP.csv) has a header row; recognised columns
// (case-insensitive): external_id | distinct_id | user_id | id (required),
// participant | label (a participant label or e-mail), email | e-mail,
// account | account_name | company (an account name or domain), domain.
// A row whose external id is an export's group id maps that group to the account.
//
// Matching, in order — participant: the map's participant (by label, or as
// an e-mail), then the user's e-mail: a participant whose meta holds that
// email, or whose label is the address's local part read as a name
// ("dana.whitfield@…" → "Dana Whitfield"); account: the map's account (by
// name, else by domain), the map's row for the user's group, the
// participant's account, then the e-mail's domain. Names and labels match
// case-insensitively; domains match accounts.domain when that column exists,
// else an account's meta "domain".
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/types.hpp"
#include "store/database.hpp"

namespace grounded::segments {

struct IdMapRow {
  std::string participant;
  std::string email;
  std::string account;
  std::string domain;
};

// Reads the id map. Error(invalid_input) naming the file (and line) for a
// missing id column, a malformed row or a repeated external id with a
// different mapping; Error(not_found) when the file does not exist.
std::map<std::string, IdMapRow> read_id_map(const std::filesystem::path& path);

struct Identity {
  std::optional<Id> participant_id;
  std::optional<Id> account_id;
};

class IdentityResolver {
 public:
  IdentityResolver(store::Database& db, std::map<std::string, IdMapRow> map);
  Identity resolve(const std::string& external_id, const std::string& email, const std::string& group_id);

 private:
  std::optional<Id> participant_by_label(const std::string& label);
  std::optional<Id> participant_by_email(const std::string& email);
  std::optional<Id> account_by_name_or_domain(const std::string& text);
  std::optional<Id> account_by_domain(const std::string& domain);
  std::optional<Id> account_of(Id participant);

  store::Database& db_;
  std::map<std::string, IdMapRow> map_;
  bool domain_column_ = false;
};

}  // namespace grounded::segments
