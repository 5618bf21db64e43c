-- Handovers from community gates and home observation share the checkpoint's
-- record: an observation round has no point, and gate/observation handovers
-- name the person on file and the record that raised them.
ALTER TABLE handovers ALTER COLUMN point_id DROP NOT NULL;
ALTER TABLE handovers ADD COLUMN person_id BIGINT REFERENCES persons(id);
ALTER TABLE handovers ADD COLUMN source_ref BIGINT;
