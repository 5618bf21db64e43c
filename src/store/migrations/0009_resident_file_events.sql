-- Resident files (建档立卡), the files part: the events that the
-- households/persons columns of community_daily count (so verify-rollups can
-- recount them, moves between units included), and imports: staged parts of a
-- chunked import and the result of each committed import_key (a retry never
-- imports twice).

CREATE TABLE resident_file_events (
  id ${ID},
  kind TEXT NOT NULL CHECK (kind IN ('household_added', 'household_removed', 'person_added', 'person_removed')),
  entity_id ${BIGINT} NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  at ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE resident_imports (
  import_key TEXT PRIMARY KEY,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  created_by ${BIGINT},
  households ${BIGINT} NOT NULL DEFAULT 0,
  persons ${BIGINT} NOT NULL DEFAULT 0,
  result_json TEXT NOT NULL,
  created_at ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE resident_import_parts (
  import_key TEXT NOT NULL,
  part ${BIGINT} NOT NULL,
  created_by ${BIGINT},
  rows_json TEXT NOT NULL,
  created_at ${BIGINT} NOT NULL,
  PRIMARY KEY (import_key, part)
) ${STRICT};
