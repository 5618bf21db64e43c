-- Checkpoint screening: rule versions, passages, fever handovers and their
-- receivers, and the per-point per-day rollups kept in the same transaction.

CREATE TABLE screening_rule_sets (
  version INTEGER PRIMARY KEY,
  rules_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL
) ${STRICT};

-- One row per vehicle (or person on foot) at a point. Append-only: the row is
-- its own audit record (operator, server time, client key).
CREATE TABLE passages (
  id ${ID},
  client_key TEXT NOT NULL UNIQUE,
  point_id ${BIGINT} NOT NULL REFERENCES points(id),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  vehicle_kind TEXT NOT NULL,
  plate TEXT,
  direction TEXT NOT NULL,
  occupants TEXT NOT NULL,
  people INTEGER NOT NULL,
  people_tested INTEGER NOT NULL,
  fever_count INTEGER NOT NULL,
  origin_code TEXT NOT NULL DEFAULT '',
  origin_name TEXT NOT NULL,
  destination TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL,
  suggested TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  rule_version INTEGER NOT NULL,
  operator_id ${BIGINT} NOT NULL,
  device_time ${BIGINT} NOT NULL,
  server_time ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX passages_day_point ON passages (day, point_id);

CREATE TABLE handover_receivers (
  id ${ID},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('clinic', 'ambulance', 'hospital', 'other')),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  code_hash TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1,
  created_at ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE handovers (
  id ${ID},
  passage_id ${BIGINT} REFERENCES passages(id),
  source TEXT NOT NULL DEFAULT 'checkpoint',
  point_id ${BIGINT} NOT NULL REFERENCES points(id),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  person_name TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  temperature INTEGER NOT NULL,
  found_at ${BIGINT} NOT NULL,
  receiver_id ${BIGINT} REFERENCES handover_receivers(id),
  receipt_method TEXT,
  receipted_at ${BIGINT},
  receipted_by ${BIGINT},
  outcome TEXT,
  outcome_note TEXT NOT NULL DEFAULT '',
  outcome_at ${BIGINT},
  outcome_by ${BIGINT}
) ${STRICT};
CREATE INDEX handovers_day ON handovers (day, point_id);

CREATE TABLE screening_daily (
  point_id ${BIGINT} NOT NULL REFERENCES points(id),
  day TEXT NOT NULL,
  unit_id ${BIGINT} NOT NULL,
  vehicles ${BIGINT} NOT NULL DEFAULT 0,
  people ${BIGINT} NOT NULL DEFAULT 0,
  people_tested ${BIGINT} NOT NULL DEFAULT 0,
  vehicles_turned_back ${BIGINT} NOT NULL DEFAULT 0,
  people_turned_back ${BIGINT} NOT NULL DEFAULT 0,
  fever ${BIGINT} NOT NULL DEFAULT 0,
  handovers ${BIGINT} NOT NULL DEFAULT 0,
  handovers_receipted ${BIGINT} NOT NULL DEFAULT 0,
  PRIMARY KEY (point_id, day)
) ${STRICT};
CREATE INDEX screening_daily_day ON screening_daily (day);
