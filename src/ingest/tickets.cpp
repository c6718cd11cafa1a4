#include "ingest/tickets.hpp"

#include "core/error.hpp"
#include "ingest/column_map.hpp"
#include "ingest/json_util.hpp"
#include "ingest/text_util.hpp"

namespace grounded::ingest {
namespace {

const std::vector<std::string_view> kBody{"Description", "Body", "Message", "Text", "Comment",
                                                         "Content", "Ticket description", "Question"};
const std::vector<std::string_view> kSubject{"Subject", "Title", "Ticket subject", "Summary"};
const std::vector<std::string_view> kRequester{"Requester", "Requester name", "Customer", "Customer name",
                                                              "Full name", "Contact", "Contact name", "Name", "From"};
const std::vector<std::string_view> kCreated{"Created at", "Created time", "created_at", "Created",
                                                            "Date", "Created date", "Submitted at", "Opened"};
const std::vector<std::string_view> kOrganization{"Organization", "Organisation", "Company Name", "Company",
                                                                 "Account", "Account name"};
const std::vector<std::string_view> kId{"Id", "Ticket ID", "Ticket id", "ID", "#", "Ticket number"};
const std::vector<std::string_view> kComments{"Comments", "Conversation", "Thread", "Messages"};

SpeakerRole role_from_word(std::string_view w) {
  std::string l = to_lower_ascii(trim(w));
  if (l == "agent" || l == "admin" || l == "support" || l == "staff" || l == "bot" || l == "teammate") return SpeakerRole::agent;
  if (l == "customer" || l == "user" || l == "requester" || l == "end-user" || l == "lead" || l == "contact")
    return SpeakerRole::customer;
  return SpeakerRole::unknown;
}

std::string first_words(std::string_view text, int words) {
  std::string out;
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    if (c == ' ' && ++n >= words) {
      out += "…";
      return out;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::vector<Turn> parse_comment_cell(std::string_view cell) {
  std::vector<Turn> turns;
  bool blank_before = true;
  for (auto raw : split_lines(cell)) {
    std::string_view s = trim(raw);
    if (s.empty()) {
      blank_before = true;
      continue;
    }
    // "Name (agent): text" | "Agent: text"
    bool opened = false;
    std::size_t colon = s.find(':');
    if (blank_before && colon != std::string_view::npos && colon < 80) {
      std::string_view head = trim(s.substr(0, colon));
      std::string name;
      SpeakerRole role = SpeakerRole::unknown;
      if (!head.empty() && head.back() == ')' && head.find('(') != std::string_view::npos) {
        std::size_t open = head.rfind('(');
        role = role_from_word(head.substr(open + 1, head.size() - open - 2));
        name = std::string(trim(head.substr(0, open)));
      } else {
        role = role_from_word(head);
        if (role != SpeakerRole::unknown) name = std::string(head);
      }
      if (role != SpeakerRole::unknown) {
        Turn t;
        t.speaker = name;
        t.role = role;
        t.text = std::string(trim(s.substr(colon + 1)));
        turns.push_back(std::move(t));
        opened = true;
      }
    }
    if (!opened) {
      if (turns.empty()) {
        Turn t;
        t.role = SpeakerRole::unknown;
        t.text = std::string(s);
        turns.push_back(std::move(t));
      } else {
        Turn& t = turns.back();
        if (!t.text.empty()) t.text += blank_before ? "\n\n" : "\n";
        t.text += s;
      }
    }
    blank_before = false;
  }
  return turns;
}

int ticket_header_score(const CsvTable& table) {
  int score = 0;
  for (std::string_view label : {"Ticket ID", "Requester", "Requester email", "Assignee", "Agent", "Priority", "Status",
                                 "Subject", "Description", "Ticket type", "Via", "Group", "Resolved time", "Comments"})
    if (table.column(label)) ++score;
  return score;
}

ParsedFile parse_ticket_csv(const CsvTable& table, const std::map<std::string, std::string>& column_map) {
  ColumnPicker cols(table, column_map);
  auto body = cols.pick("body", kBody);
  auto subject = cols.pick("subject", kSubject);
  if (!subject) subject = cols.pick("title", kSubject);
  auto requester = cols.pick("requester", kRequester);
  auto created = cols.pick("created", kCreated);
  auto org = cols.pick("organization", kOrganization);
  if (!org) org = cols.pick("account", kOrganization);
  auto id = cols.pick("id", kId);
  auto comments = cols.pick("comments", kComments);
  auto status = cols.pick("status", {"Status"});
  auto priority = cols.pick("priority", {"Priority"});
  auto tags = cols.pick("tags", {"Tags"});
  auto type = cols.pick("type", {"Type", "Ticket type"});
  auto role = cols.pick("role", {"Requester role", "Job title", "Role"});
  if (!body && !subject && !comments) {
    std::string names;
    for (const auto& h : table.header) names += (names.empty() ? "" : ", ") + h;
    throw invalid_input("no ticket text column found (looked for Description, Body, Message, Text, Comment, Subject); "
                        "name one with --map body=<column>. Columns: " + names);
  }
  ParsedFile file;
  file.format = "tickets_csv";
  if (table.column("Summation column")) file.format = "zendesk_csv";
  else if (table.column("Ticket ID") && table.column("Created time")) file.format = "freshdesk_csv";

  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    ParsedSource src;
    src.kind = SourceKind::ticket;
    std::string ticket_id = cols.cell(row, id);
    std::string subj = cols.cell(row, subject);
    std::string text = cols.cell(row, body);
    // Zendesk's CSV has no description: the subject is then the customer's words.
    if (text.empty() && !body) text = subj;
    src.participant_name = cols.cell(row, requester);
    src.account_name = cols.cell(row, org);
    src.participant_role = cols.cell(row, role);
    src.occurred_at = cols.cell(row, created);
    src.origin_suffix = ticket_id.empty() ? "#row" + std::to_string(table.row_lines[r]) : "#" + ticket_id;
    if (!ticket_id.empty()) src.meta["ticket_id"] = ticket_id;
    if (auto v = cols.cell(row, status); !v.empty()) src.meta["status"] = v;
    if (auto v = cols.cell(row, priority); !v.empty()) src.meta["priority"] = v;
    if (auto v = cols.cell(row, type); !v.empty()) src.meta["type"] = v;
    if (auto v = cols.cell(row, tags); !v.empty()) {
      nlohmann::json list = nlohmann::json::array();
      std::string cur;
      for (char c : v + ",") {
        if (c == ',' || c == ' ') {
          if (!cur.empty()) list.push_back(cur);
          cur.clear();
        } else {
          cur += c;
        }
      }
      src.meta["tags"] = list;
    }
    src.meta["row"] = table.row_lines[r];
    if (!text.empty()) {
      Turn t;
      t.speaker = src.participant_name;
      t.heading = src.participant_name.empty() ? "Customer" : src.participant_name;
      t.role = SpeakerRole::customer;
      t.text = text;
      t.line = table.row_lines[r];
      src.turns.push_back(std::move(t));
    }
    for (Turn& c : parse_comment_cell(cols.cell(row, comments))) {
      if (c.role == SpeakerRole::unknown) c.role = SpeakerRole::customer;
      c.line = table.row_lines[r];
      src.turns.push_back(std::move(c));
    }
    if (src.turns.empty()) {
      ++file.skipped_rows;
      continue;
    }
    src.title = !subj.empty() ? subj : first_words(src.turns.front().text, 8);
    file.sources.push_back(std::move(src));
  }
  if (file.sources.empty()) throw invalid_input("the ticket export has no rows with text");
  return file;
}

// --- JSON -------------------------------------------------------------------

namespace {

ParsedSource zendesk_ticket(const nlohmann::json& t) {
  ParsedSource src;
  src.kind = SourceKind::ticket;
  std::string id = json_string(t, "id");
  src.title = json_string(t, "subject");
  src.occurred_at = json_string(t, "created_at");
  src.origin_suffix = "#" + id;
  src.meta["ticket_id"] = id;
  for (const char* k : {"status", "priority", "type"})
    if (auto v = json_string(t, k); !v.empty()) src.meta[k] = v;
  if (t.contains("tags") && t["tags"].is_array()) src.meta["tags"] = t["tags"];
  if (const auto* via = json_object(t, "via"))
    if (const auto* s = json_object(*via, "source"))
      if (const auto* from = json_object(*s, "from")) src.participant_name = json_string(*from, "name");
  Turn turn;
  turn.speaker = src.participant_name;
  turn.heading = src.participant_name.empty() ? "Customer" : src.participant_name;
  turn.role = SpeakerRole::customer;
  turn.text = std::string(trim(json_string(t, "description")));
  if (!turn.text.empty()) src.turns.push_back(std::move(turn));
  if (src.title.empty() && !src.turns.empty()) src.title = first_words(src.turns[0].text, 8);
  return src;
}

ParsedSource intercom_conversation(const nlohmann::json& c) {
  ParsedSource src;
  src.kind = SourceKind::ticket;
  std::string id = json_string(c, "id");
  src.origin_suffix = "#" + id;
  src.meta["conversation_id"] = id;
  if (auto v = json_string(c, "state"); !v.empty()) src.meta["status"] = v;
  if (auto created = json_number(c, "created_at")) src.occurred_at = iso_from_epoch_seconds(*created);
  if (const auto* tags = json_object(c, "tags"); tags && tags->contains("tags") && (*tags)["tags"].is_array()) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& tag : (*tags)["tags"]) names.push_back(json_string(tag, "name"));
    src.meta["tags"] = names;
  }
  if (const auto* rating = json_object(c, "conversation_rating"))
    if (auto r = json_number(*rating, "rating")) src.meta["rating"] = *r;
  auto author_role = [](const nlohmann::json& part) {
    const auto* author = json_object(part, "author");
    std::string type = author ? json_string(*author, "type") : "";
    return role_from_word(type) == SpeakerRole::agent ? SpeakerRole::agent : SpeakerRole::customer;
  };
  auto author_name = [](const nlohmann::json& part) {
    const auto* author = json_object(part, "author");
    return author ? json_string(*author, "name") : std::string();
  };
  if (const auto* source = json_object(c, "source")) {
    src.title = json_string(*source, "subject");
    Turn t;
    t.role = author_role(*source);
    t.speaker = author_name(*source);
    t.heading = t.speaker.empty() ? (t.role == SpeakerRole::agent ? "Agent" : "Customer") : t.speaker;
    t.text = html_to_text(json_string(*source, "body"));
    if (t.role == SpeakerRole::customer) src.participant_name = t.speaker;
    if (!t.text.empty()) src.turns.push_back(std::move(t));
  }
  if (src.title.empty()) src.title = json_string(c, "title");
  const nlohmann::json* parts = nullptr;
  if (const auto* cp = json_object(c, "conversation_parts"))
    if (cp->contains("conversation_parts") && (*cp)["conversation_parts"].is_array()) parts = &(*cp)["conversation_parts"];
  if (parts) {
    for (const auto& part : *parts) {
      std::string type = json_string(part, "part_type");
      if (type.find("note") != std::string::npos) continue;  // internal: never customer evidence
      std::string text = html_to_text(json_string(part, "body"));
      if (text.empty()) continue;
      Turn t;
      t.role = author_role(part);
      t.speaker = author_name(part);
      t.heading = t.speaker.empty() ? (t.role == SpeakerRole::agent ? "Agent" : "Customer") : t.speaker;
      t.text = std::move(text);
      if (t.role == SpeakerRole::customer && src.participant_name.empty()) src.participant_name = t.speaker;
      src.turns.push_back(std::move(t));
    }
  }
  if (src.title.empty() && !src.turns.empty()) src.title = first_words(src.turns[0].text, 8);
  return src;
}

ParsedSource zendesk_comments(const nlohmann::json& comments) {
  ParsedSource src;
  src.kind = SourceKind::ticket;
  std::string requester;
  for (const auto& c : comments) {
    std::string author = json_string(c, "author_id");
    if (requester.empty()) {
      requester = author;  // the first comment is the requester's description
      src.occurred_at = json_string(c, "created_at");
    }
    if (c.contains("public") && c["public"].is_boolean() && !c["public"].get<bool>()) continue;
    std::string text = json_string(c, "plain_body");
    if (trim(text).empty()) text = json_string(c, "body");
    if (trim(text).empty()) continue;
    Turn t;
    t.role = author == requester ? SpeakerRole::customer : SpeakerRole::agent;
    t.heading = t.role == SpeakerRole::customer ? "Customer" : "Agent";
    t.text = std::string(trim(text));
    src.turns.push_back(std::move(t));
  }
  if (!src.turns.empty()) src.title = first_words(src.turns[0].text, 8);
  return src;
}

}  // namespace

bool looks_like_ticket_json(const nlohmann::json& doc) {
  if (!doc.is_object()) return false;
  if (doc.contains("tickets") && doc["tickets"].is_array()) return true;
  if (doc.contains("ticket") && doc["ticket"].is_object()) return true;
  if (doc.contains("comments") && doc["comments"].is_array()) return true;
  if (json_string(doc, "type") == "conversation") return true;
  if (doc.contains("conversations") && doc["conversations"].is_array()) return true;
  return false;
}

ParsedFile parse_ticket_json(const nlohmann::json& doc) {
  ParsedFile file;
  if (doc.contains("tickets") || doc.contains("ticket")) {
    file.format = "zendesk_json";
    if (doc.contains("ticket")) file.sources.push_back(zendesk_ticket(doc["ticket"]));
    else
      for (const auto& t : doc["tickets"]) file.sources.push_back(zendesk_ticket(t));
  } else if (doc.contains("comments")) {
    file.format = "zendesk_comments_json";
    file.sources.push_back(zendesk_comments(doc["comments"]));
  } else if (doc.contains("conversations")) {
    file.format = "intercom_json";
    for (const auto& c : doc["conversations"]) file.sources.push_back(intercom_conversation(c));
  } else {
    file.format = "intercom_json";
    file.sources.push_back(intercom_conversation(doc));
  }
  std::vector<ParsedSource> kept;
  for (auto& s : file.sources) {
    if (s.turns.empty()) ++file.skipped_rows;
    else kept.push_back(std::move(s));
  }
  file.sources = std::move(kept);
  if (file.sources.empty()) throw invalid_input("the ticket JSON has no messages with text");
  return file;
}

}  // namespace grounded::ingest
