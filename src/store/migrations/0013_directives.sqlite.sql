-- Departments (卫健委, 交通运输局 ...): a unit level directly under the city whose users are that department's staff.
-- SQLite cannot change a CHECK constraint in place, so `units` is rebuilt. Not by renaming a new table over
-- it: SQLite counts the foreign-key violations of DROP TABLE's implicit delete and only un-counts them when
-- parent rows are inserted into the table the children name, so a renamed table leaves the count up and the
-- commit fails. Instead the rows are copied aside, `units` is dropped and created again under its own name
-- (every foreign key names it), and the rows go back in, which settles the deferred count. Foreign keys are
-- deferred to the commit, when every id exists again.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE units_copy AS SELECT id, parent_id, code, name, level, path, active, created_at, updated_at FROM units;
DROP TABLE units;
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('city', 'town', 'community', 'estate', 'department')),
  path TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO units (id, parent_id, code, name, level, path, active, created_at, updated_at)
  SELECT id, parent_id, code, name, level, path, active, created_at, updated_at FROM units_copy ORDER BY id;
DROP TABLE units_copy;
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);
