#include "store/source_body.hpp"

#include "core/error.hpp"

namespace grounded::store {

std::optional<std::string> body_without_excerpts(std::string_view body, const std::vector<Excerpt>& excerpts) {
  std::size_t kept_from = 0;  // the end of the previous excerpt
  for (const Excerpt& e : excerpts) {
    if (e.start_byte < static_cast<std::int64_t>(kept_from) || e.end_byte < e.start_byte ||
        e.end_byte > static_cast<std::int64_t>(body.size()))
      return std::nullopt;
    kept_from = static_cast<std::size_t>(e.end_byte);
  }
  std::string stored;
  kept_from = 0;
  for (const Excerpt& e : excerpts) {
    stored.append(body.substr(kept_from, static_cast<std::size_t>(e.start_byte) - kept_from));
    kept_from = static_cast<std::size_t>(e.end_byte);
  }
  stored.append(body.substr(kept_from));
  return stored;
}

std::string body_with_excerpts(std::string_view stored, const std::vector<BodyPiece>& pieces) {
  std::string body;
  std::size_t taken = 0;  // bytes of `stored` placed so far
  for (const BodyPiece& piece : pieces) {
    // The stored text up to this piece fills the body up to its start.
    if (piece.start_byte < static_cast<std::int64_t>(body.size()) ||
        static_cast<std::size_t>(piece.start_byte) - body.size() > stored.size() - taken)
      throw Error(ErrorKind::internal, "a source body cannot be rebuilt: an excerpt at byte " +
                                           std::to_string(piece.start_byte) + " does not fit the stored text");
    const std::size_t gap = static_cast<std::size_t>(piece.start_byte) - body.size();
    body.append(stored.substr(taken, gap));
    taken += gap;
    body.append(piece.text);
  }
  body.append(stored.substr(taken));
  return body;
}

std::string source_body(Database& db, Id id) {
  Statement source = db.prepare("SELECT body, body_form FROM sources WHERE id = ?1");
  source.bind(1, id);
  if (!source.step()) throw not_found("no source with id " + std::to_string(id));
  if (source.int64(1) == 0) return source.text(0);
  std::vector<BodyPiece> pieces;
  Statement excerpts = db.prepare("SELECT start_byte, text FROM excerpts WHERE source_id = ?1 ORDER BY start_byte, ordinal");
  excerpts.bind(1, id);
  while (excerpts.step()) pieces.push_back({excerpts.int64(0), excerpts.text(1)});
  return body_with_excerpts(source.text_view(0), pieces);
}

}  // namespace grounded::store
