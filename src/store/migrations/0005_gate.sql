-- Community gates (门岗): passes carried as QR codes, the gate rules as
-- versioned data per unit, and every gate event (exit, return, refusal,
-- visitor, fever handover) with the decision and the rule version it used.
-- Pass tokens and short codes are stored only as SHA-256 hex digests: the
-- QR text ("FKP1.<token>") and the short code exist only on the printed card.

CREATE TABLE gate_rule_sets (
  version ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  rules_json TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX gate_rule_sets_unit ON gate_rule_sets (unit_id, version);

CREATE TABLE gate_passes (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  household_id ${BIGINT} NOT NULL REFERENCES households(id),
  person_id ${BIGINT} REFERENCES persons(id),
  kind TEXT NOT NULL CHECK (kind IN ('household', 'personal')),
  token_hash TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  issued_by ${BIGINT},
  issued_at ${BIGINT} NOT NULL,
  revoked_by ${BIGINT},
  revoked_at ${BIGINT},
  revoke_reason TEXT NOT NULL DEFAULT ''
) ${STRICT};
CREATE UNIQUE INDEX gate_passes_token ON gate_passes (token_hash);
CREATE UNIQUE INDEX gate_passes_code ON gate_passes (code_hash);
CREATE INDEX gate_passes_household ON gate_passes (household_id);
CREATE INDEX gate_passes_unit ON gate_passes (unit_id) WHERE active = 1;

-- One row per person at a gate. Append-only except the pairing columns of an
-- exit (returned_at, return_event_id, overdue_at) and the conflict mark.
CREATE TABLE gate_events (
  id ${ID},
  client_key TEXT NOT NULL UNIQUE,
  point_id ${BIGINT} NOT NULL REFERENCES points(id),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  pass_id ${BIGINT} REFERENCES gate_passes(id),
  household_id ${BIGINT} REFERENCES households(id),
  person_id ${BIGINT} REFERENCES persons(id),
  visitor_name TEXT NOT NULL DEFAULT '',
  visitor_phone_sealed TEXT,
  visitor_phone_masked TEXT NOT NULL DEFAULT '',
  visitor_reason TEXT NOT NULL DEFAULT '',
  host_household_id ${BIGINT} REFERENCES households(id),
  temperature INTEGER NOT NULL,
  special_reason TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL CHECK (decision IN ('allow', 'refuse', 'handover')),
  reason TEXT NOT NULL,
  server_decision TEXT NOT NULL,
  server_reason TEXT NOT NULL,
  counts_quota INTEGER NOT NULL DEFAULT 0,
  rule_version ${BIGINT} NOT NULL,
  at ${BIGINT} NOT NULL,
  server_time ${BIGINT} NOT NULL,
  operator_id ${BIGINT},
  due_at ${BIGINT},
  returned_at ${BIGINT},
  return_event_id ${BIGINT},
  exit_event_id ${BIGINT},
  overdue_at ${BIGINT},
  conflict INTEGER NOT NULL DEFAULT 0,
  conflict_note TEXT NOT NULL DEFAULT '',
  handover_id ${BIGINT}
) ${STRICT};
CREATE INDEX gate_events_household ON gate_events (household_id, day);
-- Open exits (no return yet): by gate unit for the overdue sweep, by person for the pairing of a return.
CREATE INDEX gate_events_open ON gate_events (unit_id, due_at) WHERE direction = 'out' AND due_at IS NOT NULL AND returned_at IS NULL;
CREATE INDEX gate_events_open_person ON gate_events (person_id) WHERE direction = 'out' AND due_at IS NOT NULL AND returned_at IS NULL;
