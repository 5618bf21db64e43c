-- Daily dispatch meetings (日调度会议) and their directives (督办): numbered
-- meetings per command unit, directives assigned to a responsible unit with a
-- deadline, progress updates with links, and one overdue alert per audience
-- (the responsible unit, the command centre) and deadline. The `department`
-- unit level is added by the dialect files of this version.

-- The last meeting number of each command unit; incremented atomically
-- (INSERT ... ON CONFLICT DO UPDATE ... RETURNING) so concurrent creates never share a number.
CREATE TABLE meeting_counters (
  unit_id ${BIGINT} PRIMARY KEY REFERENCES units(id),
  last_number ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE meetings (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  number ${BIGINT} NOT NULL,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  chair TEXT NOT NULL,
  attendees TEXT NOT NULL DEFAULT '[]',
  minutes TEXT NOT NULL DEFAULT '',
  client_key TEXT UNIQUE,
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL,
  UNIQUE (unit_id, number)
) ${STRICT};
CREATE INDEX meetings_held_on ON meetings (held_on);

CREATE TABLE directives (
  id ${ID},
  meeting_id ${BIGINT} NOT NULL REFERENCES meetings(id),
  assigning_unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  responsible_unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  text TEXT NOT NULL,
  deadline_at ${BIGINT} NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'reported_done', 'done')),
  reported_at ${BIGINT},
  overdue_since ${BIGINT},
  client_key TEXT UNIQUE,
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL,
  closed_at ${BIGINT},
  closed_by ${BIGINT},
  close_note TEXT NOT NULL DEFAULT ''
) ${STRICT};
CREATE INDEX directives_meeting ON directives (meeting_id);
CREATE INDEX directives_responsible ON directives (responsible_unit_id, status);
CREATE INDEX directives_open_deadline ON directives (status, deadline_at);

CREATE TABLE directive_updates (
  id ${ID},
  directive_id ${BIGINT} NOT NULL REFERENCES directives(id),
  kind TEXT NOT NULL CHECK (kind IN ('progress', 'start', 'report_done', 'close', 'return', 'reopen', 'overdue')),
  text TEXT NOT NULL DEFAULT '',
  attachments TEXT NOT NULL DEFAULT '[]',
  status_before TEXT NOT NULL,
  status_after TEXT NOT NULL,
  by_user ${BIGINT},
  by_name TEXT NOT NULL DEFAULT '',
  by_unit_id ${BIGINT} REFERENCES units(id),
  client_key TEXT UNIQUE,
  at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX directive_updates_directive ON directive_updates (directive_id, id);

CREATE TABLE directive_alerts (
  id ${ID},
  directive_id ${BIGINT} NOT NULL REFERENCES directives(id),
  audience TEXT NOT NULL CHECK (audience IN ('responsible', 'command')),
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  deadline_at ${BIGINT} NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
  opened_at ${BIGINT} NOT NULL,
  acknowledged_by ${BIGINT},
  acknowledged_at ${BIGINT},
  UNIQUE (directive_id, audience, deadline_at)
) ${STRICT};
CREATE INDEX directive_alerts_unit ON directive_alerts (unit_id, status);
