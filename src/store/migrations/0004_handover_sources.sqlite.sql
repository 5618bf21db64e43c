-- Handovers from community gates and home observation share the checkpoint's
-- record: an observation round has no point, and gate/observation handovers
-- name the person on file and the record that raised them. SQLite cannot drop
-- NOT NULL in place, so the table is rebuilt (nothing references it).
CREATE TABLE handovers_new (
  id INTEGER PRIMARY KEY,
  passage_id INTEGER REFERENCES passages(id),
  source TEXT NOT NULL DEFAULT 'checkpoint',
  point_id INTEGER REFERENCES points(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  person_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  temperature INTEGER NOT NULL,
  found_at INTEGER NOT NULL,
  receiver_id INTEGER REFERENCES handover_receivers(id),
  receipt_method TEXT,
  receipted_at INTEGER,
  receipted_by INTEGER,
  outcome TEXT,
  outcome_note TEXT NOT NULL DEFAULT '',
  outcome_at INTEGER,
  outcome_by INTEGER,
  person_id INTEGER REFERENCES persons(id),
  source_ref INTEGER
) STRICT;
INSERT INTO handovers_new (id, passage_id, source, point_id, unit_id, day, person_name, id_number, phone, temperature,
  found_at, receiver_id, receipt_method, receipted_at, receipted_by, outcome, outcome_note, outcome_at, outcome_by)
  SELECT id, passage_id, source, point_id, unit_id, day, person_name, id_number, phone, temperature, found_at,
  receiver_id, receipt_method, receipted_at, receipted_by, outcome, outcome_note, outcome_at, outcome_by FROM handovers;
DROP TABLE handovers;
ALTER TABLE handovers_new RENAME TO handovers;
CREATE INDEX handovers_day ON handovers (day, point_id);
