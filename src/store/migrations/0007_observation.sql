-- Home observation (居家观察): periods per person, one round due per active
-- period per local day, alerts (missed round, fever), and needs captured in
-- rounds. Figures are added to community_daily in the same transaction
-- (observation/store.h RecountObservation recounts them).

CREATE TABLE observation_rule_sets (
  version ${BIGINT} PRIMARY KEY,
  rules_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE observation_periods (
  id ${ID},
  person_id ${BIGINT} NOT NULL REFERENCES persons(id),
  household_id ${BIGINT} NOT NULL REFERENCES households(id),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  reason TEXT NOT NULL CHECK (reason IN ('returned_from_elsewhere', 'close_contact', 'other')),
  start_day TEXT NOT NULL,
  length_days ${BIGINT} NOT NULL,
  end_day TEXT NOT NULL,
  length_reason TEXT NOT NULL DEFAULT '',
  cadre_id ${BIGINT} NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released')),
  rule_version ${BIGINT} NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  -- the last day whose round is materialised ('' none yet): the sweep starts after it
  rounds_through TEXT NOT NULL DEFAULT '',
  token_hash TEXT,
  started_by ${BIGINT},
  started_at ${BIGINT} NOT NULL,
  release_day TEXT,
  released_at ${BIGINT},
  released_by ${BIGINT},
  release_result TEXT,
  release_note TEXT NOT NULL DEFAULT ''
) ${STRICT};
-- One active period per person (the service answers 409 first).
CREATE UNIQUE INDEX observation_periods_active ON observation_periods (person_id) WHERE status = 'active';
CREATE INDEX observation_periods_unit ON observation_periods (unit_id, status);
CREATE INDEX observation_periods_cadre ON observation_periods (cadre_id, status);
CREATE INDEX observation_periods_sweep ON observation_periods (status, rounds_through);
CREATE INDEX observation_periods_ending ON observation_periods (end_day) WHERE status = 'active';
CREATE UNIQUE INDEX observation_periods_token ON observation_periods (token_hash) WHERE token_hash IS NOT NULL;

CREATE TABLE observation_rounds (
  id ${ID},
  period_id ${BIGINT} NOT NULL REFERENCES observation_periods(id),
  person_id ${BIGINT} NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  cadre_id ${BIGINT} NOT NULL,
  day TEXT NOT NULL,
  -- due → done | missed (missed → done when a late report arrives); follow_up: after the end, not due
  status TEXT NOT NULL CHECK (status IN ('due', 'done', 'missed', 'follow_up')),
  late INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  temperature ${BIGINT},
  symptoms TEXT NOT NULL DEFAULT '[]',
  needs TEXT NOT NULL DEFAULT '[]',
  note TEXT NOT NULL DEFAULT '',
  client_key TEXT UNIQUE,
  recorded_by ${BIGINT},
  recorded_at ${BIGINT},
  created_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE UNIQUE INDEX observation_rounds_due ON observation_rounds (period_id, day) WHERE status <> 'follow_up';
-- The board's missing list walks a day's still-due or missed rounds in id order.
CREATE INDEX observation_rounds_missing ON observation_rounds (day, id) WHERE status IN ('due', 'missed');
CREATE INDEX observation_rounds_open ON observation_rounds (status, day) WHERE status = 'due';

CREATE TABLE observation_alerts (
  id ${ID},
  kind TEXT NOT NULL CHECK (kind IN ('missed_round', 'fever')),
  period_id ${BIGINT} NOT NULL REFERENCES observation_periods(id),
  round_id ${BIGINT} NOT NULL REFERENCES observation_rounds(id),
  person_id ${BIGINT} NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  cadre_id ${BIGINT} NOT NULL,
  day TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  handover_id ${BIGINT},
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  opened_at ${BIGINT} NOT NULL,
  acknowledged_by ${BIGINT},
  acknowledged_at ${BIGINT},
  closed_by ${BIGINT},
  closed_at ${BIGINT},
  closed_day TEXT,
  close_note TEXT NOT NULL DEFAULT ''
) ${STRICT};
CREATE UNIQUE INDEX observation_alerts_round ON observation_alerts (round_id, kind);
CREATE INDEX observation_alerts_unit ON observation_alerts (status, unit_id);
CREATE INDEX observation_alerts_cadre ON observation_alerts (cadre_id, status);

CREATE TABLE observation_needs (
  id ${ID},
  round_id ${BIGINT} NOT NULL REFERENCES observation_rounds(id),
  period_id ${BIGINT} NOT NULL,
  person_id ${BIGINT} NOT NULL,
  household_id ${BIGINT} NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  kind TEXT NOT NULL CHECK (kind IN ('food', 'medicine', 'other')),
  text TEXT NOT NULL DEFAULT '',
  day TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
  created_at ${BIGINT} NOT NULL,
  updated_by ${BIGINT},
  updated_at ${BIGINT},
  closed_day TEXT
) ${STRICT};
CREATE INDEX observation_needs_unit ON observation_needs (unit_id, status);
