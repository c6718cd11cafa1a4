// draft_persona reads the tags it drafts from inside the transaction that
// writes the draft: a tag committed while the draft waits for the write lock
// is in the draft, not lost between the read and the write.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "synth/fixture.hpp"
#include "synth/draft.hpp"
#include "synth/persona_store.hpp"

using namespace grounded;
using namespace grounded::synth;

TEST_CASE("draft_persona sees a tag committed while it waited to write") {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "grounded-draft-tx-XXXXXX").string();
  fs::path dir = mkdtemp(pattern.data());
  {
    testing::Study s((dir / "study.db").string());
    Id extra = s.say(s.p2, SourceKind::interview, "Interview P2d", "2026-10-03",
                     "Month-end close drags on because every approval waits for a signature.");
    Id persona = create_persona(s.db, {"Controllers", PersonaKind::buyer, "Controller", "{}", ""}, "test").id;
    const std::int64_t before = draft_persona(s.db, persona).tags_used;

    std::atomic<bool> reviewing{false};
    std::thread reviewer([&] {
      store::Database other = store::Database::open((dir / "study.db").string());
      store::Transaction tx(other);
      other.prepare("INSERT INTO tags (excerpt_id, category, subfields, theme, confidence, origin, status)"
                    " VALUES (?1, 'pain_point', '{}', 'approval delays', 0.9, 'human', 'accepted')")
          .bind(1, extra)
          .run();
      reviewing = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      tx.commit();
    });
    while (!reviewing) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    DraftReport report = draft_persona(s.db, persona);  // waits for the reviewer's write
    reviewer.join();
    CHECK(report.tags_used == before + 1);
  }
  std::error_code error;
  fs::remove_all(dir, error);
}
