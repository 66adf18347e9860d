-- Knowledge base: documents, their chunks, and the FTS5 lexical index over chunks.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,                 -- source path or URL, stable across syncs
  title TEXT NOT NULL,
  url TEXT,                            -- citation link, when the source has one
  audience TEXT NOT NULL CHECK (audience IN ('internal', 'public')),
  tags TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings
  format TEXT NOT NULL CHECK (format IN ('markdown', 'text', 'html', 'pdf')),
  content_hash TEXT NOT NULL,
  chunk_count INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE chunks (
  seq INTEGER PRIMARY KEY,             -- rowid, shared with chunks_fts
  id TEXT NOT NULL UNIQUE,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('internal', 'public')),
  title TEXT NOT NULL,
  heading_path TEXT NOT NULL,          -- headings joined with ' > ', from the title down
  sections TEXT NOT NULL,              -- the headings below the title (indexed apart from the title)
  body TEXT NOT NULL,
  token_count INTEGER NOT NULL,
  embedding BLOB                       -- float32 little-endian, when embeddings are configured
);
CREATE INDEX chunks_by_document ON chunks (document_id, ordinal);
CREATE INDEX chunks_by_audience ON chunks (audience);

-- External-content FTS5 table: the text lives once, in chunks; triggers keep
-- the index in step inside the same transaction, so no orphan rows can exist.
-- The audience is indexed too, so the audience filter is part of the FTS5
-- MATCH itself: the index never yields a chunk the reader may not see.
CREATE VIRTUAL TABLE chunks_fts USING fts5 (
  title, sections, body, audience,
  content = 'chunks', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER chunks_after_insert AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts (rowid, title, sections, body, audience) VALUES (new.seq, new.title, new.sections, new.body, new.audience);
END;
CREATE TRIGGER chunks_after_delete AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, sections, body, audience) VALUES ('delete', old.seq, old.title, old.sections, old.body, old.audience);
END;
CREATE TRIGGER chunks_after_update AFTER UPDATE ON chunks BEGIN
  INSERT INTO chunks_fts (chunks_fts, rowid, title, sections, body, audience) VALUES ('delete', old.seq, old.title, old.sections, old.body, old.audience);
  INSERT INTO chunks_fts (rowid, title, sections, body, audience) VALUES (new.seq, new.title, new.sections, new.body, new.audience);
END;

-- The distinct words of each document, for repairing typos in questions:
-- a question word that matches nothing is replaced by the nearest word here.
CREATE TABLE terms (
  term TEXT NOT NULL,
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  audience TEXT NOT NULL CHECK (audience IN ('internal', 'public')),
  PRIMARY KEY (term, document_id)
) WITHOUT ROWID;
CREATE INDEX terms_by_document ON terms (document_id);
