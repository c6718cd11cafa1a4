#include "segments/sample_usage.hpp"

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/json.hpp"
#include "segments/calendar.hpp"

namespace grounded::segments {
namespace {

using nlohmann::json;

// splitmix64: the same numbers on every platform (std:: distributions are not).
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

struct Profile {
  double active_probability;  // per day, before the profile's shape
  int max_sessions;
  int feature_breadth;        // how many of the features this user touches
};

Profile profile_named(const std::string& name, const std::string& where) {
  if (name == "power") return {0.85, 5, 9};
  if (name == "regular") return {0.45, 3, 5};
  if (name == "declining") return {0.6, 3, 6};
  if (name == "churned") return {0.5, 2, 4};
  if (name == "new") return {0.7, 3, 5};
  if (name == "occasional") return {0.15, 2, 3};
  throw invalid_input(where + ": unknown profile '" + name +
                      "' (expected power, regular, declining, churned, new or occasional)");
}

// How likely a user of this profile is active on day `d` of `days` (0 = first).
double activity(const std::string& profile, double base, int d, int days, Random& shape) {
  (void)shape;
  if (profile == "declining" && d >= days - 28) return base * (1.0 - static_cast<double>(d - (days - 28)) / 28.0) * 0.6;
  if (profile == "churned" && d >= days - 35) return 0;
  if (profile == "new" && d < days - 12) return 0;
  return base;
}

std::string iso_time(std::int64_t t) {
  const DayNumber day = day_of(t);
  const std::int64_t s = t - day * 86400;
  char clock[16];
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02dZ", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return day_label(day) + clock;
}

std::string field(const json& object, const char* key, const std::string& where) {
  if (!object.contains(key) || !object.at(key).is_string())
    throw invalid_input(where + ": '" + key + "' must be a string");
  return object.at(key).get<std::string>();
}

}  // namespace

bool is_usage_spec(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  return name.size() > 11 && name.ends_with(".usage.json");
}

std::string generate_sample_usage(const std::string& spec_json, const std::string& spec_name) {
  json spec = parse_untrusted_json(spec_json, spec_name, 8);
  if (!spec.is_object()) throw invalid_input(spec_name + ": must be a JSON object");
  for (const auto& [key, value] : spec.items())
    if (key != "seed" && key != "end" && key != "days" && key != "features" && key != "users" && key != "_comment")
      throw invalid_input(spec_name + ": unknown key '" + key + "'");
  if (!spec.contains("seed") || !spec["seed"].is_number_unsigned()) throw invalid_input(spec_name + ": 'seed' must be a whole number");
  if (!spec.contains("days") || !spec["days"].is_number_unsigned() || spec["days"].get<int>() < 1 || spec["days"].get<int>() > 366)
    throw invalid_input(spec_name + ": 'days' must be a whole number from 1 to 366");
  auto end = parse_day(field(spec, "end", spec_name));
  if (!end) throw invalid_input(spec_name + ": 'end' must be a date YYYY-MM-DD");
  const int days = spec["days"].get<int>();
  std::vector<std::string> features;
  if (!spec.contains("features") || !spec["features"].is_array() || spec["features"].empty())
    throw invalid_input(spec_name + ": 'features' must be a non-empty list of event names");
  for (const json& f : spec["features"]) {
    if (!f.is_string()) throw invalid_input(spec_name + ": 'features' must be a list of strings");
    features.push_back(f.get<std::string>());
  }
  if (!spec.contains("users") || !spec["users"].is_array()) throw invalid_input(spec_name + ": 'users' must be a list");
  Random random{spec["seed"].get<std::uint64_t>()};
  std::ostringstream out;
  std::int64_t message = 0;
  const DayNumber first_day = *end - days + 1;
  std::size_t index = 0;
  for (const json& user : spec["users"]) {
    std::string where = spec_name + " users[" + std::to_string(index++) + "]";
    if (!user.is_object()) throw invalid_input(where + ": must be an object");
    const std::string id = field(user, "id", where);
    const std::string account = user.contains("account") ? field(user, "account", where) : "";
    const std::string profile_name = field(user, "profile", where);
    const Profile profile = profile_named(profile_name, where);
    // Each user favours their own slice of the features.
    const int offset = random.below(static_cast<int>(features.size()));
    const int breadth = std::min<int>(profile.feature_breadth, static_cast<int>(features.size()));
    bool grouped = false;
    for (int d = 0; d < days; ++d) {
      double p = activity(profile_name, profile.active_probability, d, days, random);
      const DayNumber day = first_day + d;
      const bool weekend = ((day + 3) % 7) >= 5;
      if (weekend) p *= 0.2;
      if (random.unit() >= p) continue;
      const int sessions = 1 + random.below(profile.max_sessions);
      for (int s = 0; s < sessions; ++s) {
        // Sessions start in working hours, at least an hour apart.
        std::int64_t t = day * 86400 + (8 + s * 3) * 3600 + random.below(3000);
        if (!grouped && !account.empty()) {
          json group = {{"type", "group"}, {"userId", id}, {"groupId", account},
                        {"timestamp", iso_time(t - 5)}, {"messageId", "sample-" + std::to_string(++message)}};
          out << group.dump() << "\n";
          grouped = true;
        }
        const int events = 5 + random.below(9);
        for (int e = 0; e < events; ++e) {
          const std::string& name = features[static_cast<std::size_t>(offset + random.below(breadth)) % features.size()];
          t += 20 + random.below(240);
          json track = {{"type", "track"}, {"event", name}, {"userId", id}, {"timestamp", iso_time(t)},
                        {"messageId", "sample-" + std::to_string(++message)}};
          if (!account.empty()) track["context"] = {{"groupId", account}};
          out << track.dump() << "\n";
        }
      }
    }
  }
  return out.str();
}

ImportReport import_sample_usage(store::Database& db, const std::filesystem::path& spec, const std::string& who) {
  std::ifstream in(spec, std::ios::binary);
  if (!in) throw not_found("cannot read " + spec.string());
  std::stringstream text;
  text << in.rdbuf();
  const std::string name = spec.filename().string();
  std::istringstream events(generate_sample_usage(text.str(), name));
  ImportOptions options;
  options.who = who;
  return import_event_stream(db, events, name, 0, options);
}

}  // namespace grounded::segments
