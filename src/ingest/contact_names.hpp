// Name fields (requester, speaker, participant, account) that hold contact
// details. A ticket's requester is often only an e-mail address, a chat
// speaker a phone number: stored as a name it would become a participant
// and leak the address everywhere the name is shown. So a name field keeps
// its words without the contact detail ("Ana Silva <ana@x.example>" → "Ana
// Silva"), and a field that was nothing but contact details becomes
// "Requester N" / "Reviewer N" / "Speaker N", the same N for the same value
// throughout one file (so turns still match their participant).
#pragma once

#include <map>
#include <string>

#include "ingest/redact.hpp"

namespace grounded::ingest {

class ContactNameCleaner {
 public:
  // `stand_in` is the word of the label, e.g. "Requester".
  std::string clean(const std::string& name, const std::string& stand_in, PiiTypes types, RedactionCounts& counts);

 private:
  std::map<std::string, std::string> labels_;  // original value → what it became ("Requester N", or itself)
  std::map<std::string, int> stand_ins_;       // "Requester" → how many so far
};

}  // namespace grounded::ingest
