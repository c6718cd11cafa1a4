-- Who this database is, for caches that outlive a connection (the tagger's
-- parsed model, the process-wide write gate): a random value made once when
-- the database is created (or first opened by a build with this migration).
-- A database deleted and created again at the same path gets a new one, so
-- nothing cached for the old file is served for the new one
-- (store/database.hpp: Database::identity).
CREATE TABLE database_identity (
  id TEXT NOT NULL
);
INSERT INTO database_identity (id) VALUES (lower(hex(randomblob(16))));
