-- The daily report keeps the names it was issued under: the unit's name and
-- the generator's and approver's display names are written into the report
-- row at generation and approval, so renaming a unit or a user never changes
-- a report (docs/daily-report.md). Rows made before this migration take the
-- names as they are now.
--
-- report_locks: one row per serialised key ('report/<unit>/<day>',
-- 'template/<section>'); a transaction upserts its row first, which makes
-- concurrent generations of the same unit and day (and concurrent template
-- saves) run one after the other on PostgreSQL as on SQLite.

ALTER TABLE reports ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN generated_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN approved_by_name TEXT NOT NULL DEFAULT '';

UPDATE reports SET unit_name = COALESCE((SELECT name FROM units WHERE units.id = reports.unit_id), ''),
  generated_by_name = COALESCE((SELECT display_name FROM users WHERE users.id = reports.generated_by), ''),
  approved_by_name = COALESCE((SELECT display_name FROM users WHERE users.id = reports.approved_by), '');

CREATE TABLE report_locks (
  name TEXT PRIMARY KEY,
  n ${BIGINT} NOT NULL
) ${STRICT};
