-- The monthly running total of community_daily: one row per unit per month
-- ('YYYY-MM'), kept by residents::AddDaily in the same statement pair as the
-- daily row, so a figure "from the beginning" reads one row per unit per month
-- plus at most a month of days instead of every day of the history.
-- verify-rollups checks that each month equals the sum of its days.
CREATE TABLE community_monthly (
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  month TEXT NOT NULL,
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
  PRIMARY KEY (unit_id, month)
) ${STRICT};

INSERT INTO community_monthly (unit_id, month, households_added, households_removed, persons_added, persons_removed, observation_started, observation_released, rounds_due, rounds_done, rounds_missed, gate_exits, gate_returns, gate_visitors, gate_overdue, gate_conflicts, refused_fever, refused_quota, refused_not_resident, refused_other, alerts_opened, alerts_closed, needs_opened, needs_closed, tasks_due, tasks_done)
  SELECT unit_id, substr(day, 1, 7), SUM(households_added), SUM(households_removed), SUM(persons_added), SUM(persons_removed), SUM(observation_started), SUM(observation_released), SUM(rounds_due), SUM(rounds_done), SUM(rounds_missed), SUM(gate_exits), SUM(gate_returns), SUM(gate_visitors), SUM(gate_overdue), SUM(gate_conflicts), SUM(refused_fever), SUM(refused_quota), SUM(refused_not_resident), SUM(refused_other), SUM(alerts_opened), SUM(alerts_closed), SUM(needs_opened), SUM(needs_closed), SUM(tasks_due), SUM(tasks_done)
  FROM community_daily GROUP BY unit_id, substr(day, 1, 7);
