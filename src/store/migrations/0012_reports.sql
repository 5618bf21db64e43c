-- The daily report (日报): figures frozen per unit and local day at the
-- report's cut-off (report_snapshots, one per unit-day, never changed), the
-- versioned paragraph templates (report_templates; version 0 is the built-in
-- default and is not stored) and the reports generated from a snapshot and the
-- templates (a draft until approved by another user, then published and
-- immutable). docs/daily-report.md.

CREATE TABLE report_snapshots (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  cutoff_at ${BIGINT} NOT NULL,
  taken_at ${BIGINT} NOT NULL,
  -- NULL: the automatic sweep
  taken_by ${BIGINT} REFERENCES users(id),
  -- the previous snapshot's day the late reports (补报) are measured against; NULL: none
  late_since TEXT,
  figures_json TEXT NOT NULL
) ${STRICT};
CREATE UNIQUE INDEX report_snapshots_unit_day ON report_snapshots (unit_id, day);

CREATE TABLE report_templates (
  section TEXT NOT NULL CHECK (section IN ('screening', 'community')),
  version ${BIGINT} NOT NULL,
  body TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by ${BIGINT} REFERENCES users(id),
  created_at ${BIGINT} NOT NULL,
  PRIMARY KEY (section, version)
) ${STRICT};

CREATE TABLE reports (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  day TEXT NOT NULL,
  version ${BIGINT} NOT NULL,
  issue_no ${BIGINT} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  snapshot_id ${BIGINT} NOT NULL REFERENCES report_snapshots(id),
  templates_json TEXT NOT NULL,
  paragraphs_json TEXT NOT NULL,
  tables_json TEXT NOT NULL,
  request_key TEXT NOT NULL,
  generated_by ${BIGINT} NOT NULL REFERENCES users(id),
  generated_at ${BIGINT} NOT NULL,
  approved_by ${BIGINT} REFERENCES users(id),
  approved_at ${BIGINT}
) ${STRICT};
CREATE UNIQUE INDEX reports_request_key ON reports (request_key);
CREATE UNIQUE INDEX reports_unit_day_version ON reports (unit_id, day, version);
