-- Community and village closed management, shared part: resident files
-- (households and persons, 建档立卡) and the per-unit per-day rollup that the
-- gate, observation and estate-task modules add their figures to.
-- Identity numbers and phones are sealed (core/field_crypto.h, "fe1.<key>.<…>")
-- with a keyed blind index for exact lookup and a masked copy for lists and
-- search; the database file alone reveals neither.

CREATE TABLE households (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  building TEXT NOT NULL DEFAULT '',
  entrance TEXT NOT NULL DEFAULT '',
  room TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('owner_occupied', 'rented', 'dormitory', 'shop')),
  phone_sealed TEXT,
  phone_index TEXT,
  phone_masked TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX households_unit ON households (unit_id);

CREATE TABLE persons (
  id ${ID},
  household_id ${BIGINT} NOT NULL REFERENCES households(id),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  id_number_sealed TEXT,
  id_number_index TEXT,
  id_number_masked TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'male', 'female')),
  birth_date TEXT NOT NULL DEFAULT '',
  phone_sealed TEXT,
  phone_index TEXT,
  phone_masked TEXT NOT NULL DEFAULT '',
  relation TEXT NOT NULL DEFAULT 'other'
    CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'relative', 'tenant', 'employee', 'other')),
  is_staff INTEGER NOT NULL DEFAULT 0,
  staff_employer TEXT NOT NULL DEFAULT '',
  staff_duty TEXT NOT NULL DEFAULT '',
  special_kind TEXT NOT NULL DEFAULT ''
    CHECK (special_kind IN ('', 'pregnancy', 'dialysis', 'chronic_illness', 'disability', 'elderly_alone', 'other')),
  special_note TEXT NOT NULL DEFAULT '',
  returned INTEGER NOT NULL DEFAULT 0,
  origin_code TEXT NOT NULL DEFAULT '',
  origin_name TEXT NOT NULL DEFAULT '',
  returned_on TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX persons_household ON persons (household_id);
CREATE INDEX persons_unit ON persons (unit_id);
-- One active person per identity number; the service reports a duplicate
-- (409 with the existing person) before this index would refuse it.
CREATE UNIQUE INDEX persons_id_number ON persons (id_number_index) WHERE id_number_index IS NOT NULL AND active = 1;
CREATE INDEX persons_phone ON persons (phone_index);

-- Per unit (community / estate / village unit of the household or point) per
-- local reporting day. Every column is a count of events that day, added in
-- the same transaction as the record it counts (residents/daily.h); stocks
-- (households on file, persons under observation) are running sums.
CREATE TABLE community_daily (
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  households_added ${BIGINT} NOT NULL DEFAULT 0,
  households_removed ${BIGINT} NOT NULL DEFAULT 0,
  persons_added ${BIGINT} NOT NULL DEFAULT 0,
  persons_removed ${BIGINT} NOT NULL DEFAULT 0,
  observation_started ${BIGINT} NOT NULL DEFAULT 0,
  observation_released ${BIGINT} NOT NULL DEFAULT 0,
  rounds_due ${BIGINT} NOT NULL DEFAULT 0,
  rounds_done ${BIGINT} NOT NULL DEFAULT 0,
  rounds_missed ${BIGINT} NOT NULL DEFAULT 0,
  gate_exits ${BIGINT} NOT NULL DEFAULT 0,
  gate_returns ${BIGINT} NOT NULL DEFAULT 0,
  gate_visitors ${BIGINT} NOT NULL DEFAULT 0,
  gate_overdue ${BIGINT} NOT NULL DEFAULT 0,
  gate_conflicts ${BIGINT} NOT NULL DEFAULT 0,
  refused_fever ${BIGINT} NOT NULL DEFAULT 0,
  refused_quota ${BIGINT} NOT NULL DEFAULT 0,
  refused_not_resident ${BIGINT} NOT NULL DEFAULT 0,
  refused_other ${BIGINT} NOT NULL DEFAULT 0,
  alerts_opened ${BIGINT} NOT NULL DEFAULT 0,
  alerts_closed ${BIGINT} NOT NULL DEFAULT 0,
  needs_opened ${BIGINT} NOT NULL DEFAULT 0,
  needs_closed ${BIGINT} NOT NULL DEFAULT 0,
  tasks_due ${BIGINT} NOT NULL DEFAULT 0,
  tasks_done ${BIGINT} NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day)
) ${STRICT};
CREATE INDEX community_daily_day ON community_daily (day);
