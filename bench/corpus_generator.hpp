// A deterministic, streamed corpus of interview-like evidence for benchmarks:
// sources (interviews, tickets, reviews) whose turns use a Zipf-distributed
// vocabulary, a few speakers each and realistic sentence lengths. Same seed,
// same corpus, on every machine (no std distributions, whose output varies
// between standard libraries). Header-only so every bench can include it;
// bench/corpus_generator.cpp is the command-line tool that writes it as files.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace grounded::bench {

struct GeneratedTurn {
  std::string speaker;       // "Interviewer", "Dana", "Agent", ...
  std::string speaker_role;  // interviewer | participant | agent | customer | author
  std::string text;
  std::int64_t start_ms = 0;
};

struct GeneratedSource {
  std::int64_t number = 0;   // 1-based position in the corpus
  std::string kind;          // interview | ticket | review
  std::string title;
  std::string participant_label;
  std::string participant_role;  // job role
  std::string account_name;
  std::string occurred_at;   // YYYY-MM-DD
  std::vector<GeneratedTurn> turns;

  // "Name: text" lines, the plain transcript format the ingester reads.
  std::string transcript() const {
    std::string out;
    for (const auto& t : turns) out += t.speaker + ": " + t.text + "\n";
    return out;
  }
};

class CorpusGenerator {
 public:
  // Generates sources until `excerpts` turns have been produced in total.
  CorpusGenerator(std::int64_t excerpts, std::uint64_t seed) : remaining_(excerpts), state_(seed * 0x9E3779B97F4A7C15ULL + 1) {
    build_vocabulary();
  }

  // Fills `source` with the next source; false when the corpus is exhausted.
  bool next(GeneratedSource& source) {
    if (remaining_ <= 0) return false;
    ++number_;
    source.number = number_;
    source.turns.clear();
    const std::uint64_t k = below(10);
    source.kind = k < 6 ? "interview" : (k < 9 ? "ticket" : "review");
    static constexpr std::array<const char*, 12> names = {"Dana", "Ravi", "Mei", "Tomás", "Aisha", "Jonas",
                                                          "Chloé", "Kenji", "Priya", "Olu", "Sven", "Lucía"};
    static constexpr std::array<const char*, 8> roles = {"Finance lead", "Controller", "Product manager", "CTO",
                                                         "Operations manager", "Support lead", "Founder", "Analyst"};
    const std::string name = names[below(names.size())];
    source.participant_label = name + " " + std::to_string(1 + below(400));
    source.participant_role = roles[below(roles.size())];
    source.account_name = "Account " + std::to_string(1 + below(300));
    const std::uint64_t day = below(3 * 365);
    source.occurred_at = date_from_day(day);
    source.title = source.kind == "interview" ? "Interview with " + source.participant_label
                   : source.kind == "ticket"  ? "Ticket #" + std::to_string(10000 + number_)
                                              : "Review by " + source.participant_label;
    std::int64_t turns = source.kind == "review" ? 1 + static_cast<std::int64_t>(below(2))
                         : source.kind == "ticket" ? 2 + static_cast<std::int64_t>(below(6))
                                                   : 10 + static_cast<std::int64_t>(below(40));
    turns = std::min(turns, remaining_);
    remaining_ -= turns;
    std::int64_t ms = 0;
    for (std::int64_t i = 0; i < turns; ++i) {
      GeneratedTurn turn;
      if (source.kind == "interview") {
        const bool interviewer = i % 2 == 0;
        turn.speaker = interviewer ? "Interviewer" : name;
        turn.speaker_role = interviewer ? "interviewer" : "participant";
      } else if (source.kind == "ticket") {
        const bool agent = i % 2 == 1;
        turn.speaker = agent ? "Agent" : name;
        turn.speaker_role = agent ? "agent" : "customer";
      } else {
        turn.speaker = name;
        turn.speaker_role = "author";
      }
      const bool short_turn = turn.speaker_role == "interviewer" || turn.speaker_role == "agent";
      const std::uint64_t sentences = short_turn ? 1 + below(2) : 1 + below(4);
      for (std::uint64_t s = 0; s < sentences; ++s) {
        if (s) turn.text += ' ';
        sentence(turn.text, short_turn && s == sentences - 1);
      }
      turn.start_ms = ms;
      ms += 2000 + static_cast<std::int64_t>(turn.text.size()) * 60;
      source.turns.push_back(std::move(turn));
    }
    return true;
  }

  // Words by frequency rank (0 = most common): benches pick query terms here.
  const std::vector<std::string>& vocabulary() const { return words_; }
  // Expected share of all word occurrences taken by the word of this rank.
  double frequency(std::size_t rank) const { return (cdf_[rank] - (rank ? cdf_[rank - 1] : 0.0)); }

 private:
  std::uint64_t next_u64() {  // splitmix64: tiny, fast, identical everywhere
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next_u64() % n; }
  double unit() { return static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

  void sentence(std::string& out, bool question) {
    // Sentence lengths of spoken English: mostly 6-20 words, a few long ones.
    std::uint64_t n = 4 + below(12) + below(10);
    if (below(10) == 0) n += below(20);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string& w = words_[zipf_rank()];
      if (i) {
        out += (below(14) == 0) ? ", " : " ";
        out += w;
      } else {
        out += static_cast<char>(w[0] >= 'a' && w[0] <= 'z' ? w[0] - 32 : w[0]);
        out.append(w, 1);
      }
    }
    out += question ? '?' : '.';
  }

  std::size_t zipf_rank() {
    const double u = unit() * cdf_.back();
    return static_cast<std::size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

  static std::string date_from_day(std::uint64_t day) {
    int y = 2023, m = 1;
    int d = static_cast<int>(day) + 1;
    static constexpr int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    while (true) {
      const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
      const int l = len[m - 1] + (m == 2 && leap ? 1 : 0);
      if (d <= l) break;
      d -= l;
      if (++m > 12) { m = 1; ++y; }
    }
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(y) + "-" + two(m) + "-" + two(d);
  }

  void build_vocabulary() {
    // Real words first (they take the frequent ranks, as in speech), then
    // synthetic words from syllables for the long tail.
    static constexpr const char* real[] = {
        "the", "to", "and", "i", "we", "it", "a", "that", "of", "is", "you", "in", "so", "like", "for", "our",
        "was", "but", "they", "have", "just", "on", "with", "this", "be", "not", "do", "what", "really", "team",
        "time", "when", "data", "because", "there", "can", "would", "all", "one", "report", "price", "customers",
        "think", "know", "use", "month", "process", "spreadsheet", "invoice", "tool", "pricing", "budget", "manual",
        "approval", "export", "integration", "dashboard", "onboarding", "finance", "workflow", "errors", "slow",
        "costs", "contract", "renewal", "sales", "support", "billing", "users", "reporting", "close", "audit",
        "vendor", "payments", "accounts", "forecast", "seats", "upgrade", "trial", "security", "compliance",
        "reconcile", "receipts", "expenses", "quarter", "hours", "weekly", "copying", "pasting", "mistakes",
        "frustrating", "expensive", "cheaper", "competitor", "switch", "migrate", "login", "password", "mobile",
        "notification", "permissions", "admin", "sync", "api", "webhook", "latency", "outage", "refund", "discount"};
    for (const char* w : real) words_.emplace_back(w);
    static constexpr const char* syl[] = {"ka", "lo", "mi", "ren", "tu", "sa", "vo", "ne", "dri", "pel", "qua", "ix",
                                          "bor", "fen", "gla", "hu", "jor", "ple", "sto", "wen", "zy", "tar", "mon", "eth"};
    constexpr std::size_t n_syl = sizeof syl / sizeof syl[0];
    for (std::size_t i = 0; words_.size() < 30000; ++i) {
      std::string w;
      std::size_t x = i;
      do {
        w += syl[x % n_syl];
        x /= n_syl;
      } while (x);
      w += syl[(i * 7 + 3) % n_syl];
      words_.push_back(std::move(w));
    }
    cdf_.resize(words_.size());
    double sum = 0;
    for (std::size_t r = 0; r < words_.size(); ++r) cdf_[r] = (sum += 1.0 / std::pow(static_cast<double>(r + 1), 1.05));
    for (auto& c : cdf_) c /= sum;
  }

  std::int64_t remaining_;
  std::int64_t number_ = 0;
  std::uint64_t state_;
  std::vector<std::string> words_;
  std::vector<double> cdf_;
};

}  // namespace grounded::bench
