// events_bench: `grounded events import` on a generated Mixpanel export of
// N events (default 10 million; 2% repeat an earlier insert id, as
// re-exported days do), timed as a whole process with its peak RSS
// (wait4's ru_maxrss), against two baselines on the same file in this
// process: reading its lines, and reading + parsing each line with the same
// scanner the import uses (no aggregation, no database). Prints JSON.
//
//   events_bench [--events 10000000] [--users 20000] [--days 90] [--dir /tmp]
//                [--grounded build/grounded] [--keep]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_clock.hpp"
#include "segments/event_formats.hpp"
#include "segments/line_reader.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using grounded::bench::Random;  // splitmix64, shared with the other benches

const char* kEvents[] = {"Invoice uploaded", "Invoice approved", "Invoice rejected", "PO matched",
                         "Payment scheduled", "Sync to accounting run", "Sync error viewed",
                         "Approval reminder sent", "Duplicate flagged", "Vendor added", "Report exported",
                         "Mobile approval", "Comment added", "Search", "Dashboard viewed", "Settings changed"};

// Events in time order over `days` days, users active on a slice of days each.
std::int64_t generate(const fs::path& path, std::int64_t events, int users, int days) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw std::runtime_error("cannot write " + path.string());
  std::vector<char> buffer(1 << 20);
  std::setvbuf(out, buffer.data(), _IOFBF, buffer.size());
  Random random{2026};
  const std::int64_t start = 1787443200;  // 2026-08-23
  const double step = static_cast<double>(days) * 86400.0 / static_cast<double>(events);
  char line[512];
  std::int64_t written = 0;
  for (std::int64_t i = 0; i < events; ++i) {
    std::uint64_t r = random.next();
    std::int64_t t = start + static_cast<std::int64_t>(static_cast<double>(i) * step);
    // A user's events cluster: each user mostly active in working hours of some days.
    int user = static_cast<int>((r >> 8) % static_cast<std::uint64_t>(users));
    const char* event = kEvents[(r >> 40) % (sizeof kEvents / sizeof *kEvents)];
    std::int64_t id = (r & 0x3F) == 0 && i > 1000 ? i - 1 - static_cast<std::int64_t>((r >> 20) % 1000) : i;  // ~1.6% repeats
    int n = std::snprintf(line, sizeof line,
                          "{\"event\":\"%s\",\"properties\":{\"time\":%lld,\"distinct_id\":\"user-%d@customer%d.example\","
                          "\"$insert_id\":\"ins-%016llx\",\"mp_lib\":\"web\",\"$browser\":\"Chrome\",\"plan\":\"growth\"}}\n",
                          event, static_cast<long long>(t), user, user % 900, static_cast<unsigned long long>(id * 2654435761ULL));
    std::fwrite(line, 1, static_cast<std::size_t>(n), out);
    ++written;
  }
  std::fclose(out);
  return written;
}

// A child's user + system CPU seconds, as run_import reports them.
double cpu_of(const nlohmann::json& run) {
  return run["user_cpu_s"].get<double>() + run["system_cpu_s"].get<double>();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

nlohmann::json baseline_read(const fs::path& path) {
  auto start = Clock::now();
  std::ifstream in(path, std::ios::binary);
  grounded::segments::LineReader lines(in);
  std::string_view line;
  bool too_long;
  std::int64_t count = 0, bytes = 0;
  while (lines.next(line, too_long)) {
    ++count;
    bytes += static_cast<std::int64_t>(line.size());
  }
  double s = seconds_since(start);
  return {{"lines", count}, {"seconds", s}, {"lines_per_s", count / s}, {"bytes", bytes}};
}

nlohmann::json baseline_parse(const fs::path& path) {
  const double cpu = grounded::bench::cpu_seconds();
  auto start = Clock::now();
  std::ifstream in(path, std::ios::binary);
  grounded::segments::LineReader lines(in);
  grounded::segments::JsonLineReader reader(grounded::segments::ExportFormat::mixpanel);
  grounded::segments::EventRecord record;
  std::string_view line;
  bool too_long;
  std::int64_t count = 0, bad = 0, checksum = 0;
  while (lines.next(line, too_long)) {
    ++count;
    if (!reader.read(line, record).empty()) ++bad;
    checksum += record.time;
  }
  double s = seconds_since(start);
  const double cpu_s = grounded::bench::cpu_seconds() - cpu;
  return {{"lines", count},          {"bad", bad},
          {"seconds", s},            {"events_per_s", count / s},
          {"cpu_seconds", cpu_s},    {"events_per_cpu_s", count / cpu_s},
          {"checksum", checksum}};
}

nlohmann::json run_import(const std::string& grounded, const fs::path& file, const fs::path& db) {
  auto start = Clock::now();
  pid_t child = fork();
  if (child == 0) {
    std::freopen("/dev/null", "w", stdout);
    execl(grounded.c_str(), grounded.c_str(), "events", "import", file.c_str(), "--db", db.c_str(), "--json", nullptr);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  double s = seconds_since(start);
  return {{"exit_code", WIFEXITED(status) ? WEXITSTATUS(status) : -1},
          {"seconds", s},
          {"peak_rss_mb", static_cast<double>(usage.ru_maxrss) / 1024.0},
          {"user_cpu_s", usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6},
          {"system_cpu_s", usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6}};
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t events = 10'000'000;
  int users = 20000, days = 90;
  fs::path dir = fs::temp_directory_path();
  std::string grounded = (fs::path(argv[0]).parent_path() / "grounded").string();
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--events") events = std::stoll(value());
    else if (a == "--users") users = std::stoi(value());
    else if (a == "--days") days = std::stoi(value());
    else if (a == "--dir") dir = value();
    else if (a == "--grounded") grounded = value();
    else if (a == "--keep") keep = true;
    else {
      std::cerr << "usage: events_bench [--events N] [--users N] [--days N] [--dir DIR] [--grounded PATH] [--keep]\n";
      return 1;
    }
  }
  fs::path file = dir / ("events_bench_" + std::to_string(events) + ".jsonl");
  fs::path db = dir / "events_bench.db";
  auto generation_start = Clock::now();
  generate(file, events, users, days);
  double generation = seconds_since(generation_start);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);

  const double load_before = grounded::bench::load_average();
  nlohmann::json read = baseline_read(file);  // also warms the page cache for all three runs
  nlohmann::json parse = baseline_parse(file);
  nlohmann::json import = run_import(grounded, file, db);
  import["events_per_s"] = static_cast<double>(events) / import["seconds"].get<double>();
  import["events_per_cpu_s"] = static_cast<double>(events) / cpu_of(import);
  nlohmann::json again = run_import(grounded, file, db);  // a re-import: every event is a duplicate
  again["events_per_s"] = static_cast<double>(events) / again["seconds"].get<double>();
  again["events_per_cpu_s"] = static_cast<double>(events) / cpu_of(again);

  nlohmann::json out = {
      {"events", events},
      {"users", users},
      {"days", days},
      {"file_mb", static_cast<double>(fs::file_size(file)) / 1e6},
      {"generation_seconds", generation},
      {"db_mb", static_cast<double>(fs::file_size(db)) / 1e6},
      {"import", import},
      {"reimport_all_duplicates", again},
      {"baseline_read_lines", read},
      {"baseline_read_and_parse", parse},
      {"import_vs_parse_ratio", parse["seconds"].get<double>() / import["seconds"].get<double>()},
      {"load_average_1min", {{"before", load_before}, {"after", grounded::bench::load_average()}}},
      {"targets", {{"events_per_s", 200000}, {"peak_rss_mb", 300}}},
      {"meets_targets", import["events_per_s"].get<double>() >= 200000 && import["peak_rss_mb"].get<double>() <= 300 &&
                            again["peak_rss_mb"].get<double>() <= 300 && import["exit_code"].get<int>() == 0 &&
                            again["exit_code"].get<int>() == 0}};
  std::cout << out.dump(2) << "\n";
  if (!keep) {
    fs::remove(file);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  }
  return 0;
}
