-- Core schema: administrative units, points, staff, accounts, sessions, audit.
-- Portable SQL; ${...} macros are expanded per dialect (store/migrations.cpp).
-- Times are UTC milliseconds since the epoch; booleans are 0/1 integers.

CREATE TABLE units (
  id ${ID},
  parent_id ${BIGINT} REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('city', 'town', 'community', 'estate')),
  path TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);

CREATE TABLE points (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('checkpoint', 'community_gate', 'station')),
  place TEXT NOT NULL DEFAULT '',
  lat ${REAL},
  lng ${REAL},
  active INTEGER NOT NULL DEFAULT 1,
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL,
  UNIQUE (unit_id, name)
) ${STRICT};

CREATE TABLE staff (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  party_member INTEGER NOT NULL DEFAULT 0,
  cadre_category TEXT NOT NULL DEFAULT 'other',
  duty TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX staff_unit ON staff (unit_id);
CREATE INDEX staff_phone ON staff (phone);

CREATE TABLE users (
  id ${ID},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until ${BIGINT} NOT NULL DEFAULT 0,
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};

CREATE TABLE user_roles (
  user_id ${BIGINT} NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
) ${STRICT};

CREATE TABLE sessions (
  id ${ID},
  token_hash TEXT NOT NULL UNIQUE,
  user_id ${BIGINT} NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at ${BIGINT} NOT NULL,
  expires_at ${BIGINT} NOT NULL,
  revoked_at ${BIGINT},
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
) ${STRICT};
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
  id ${ID},
  at ${BIGINT} NOT NULL,
  user_id ${BIGINT},
  username TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL DEFAULT '',
  before_json TEXT,
  after_json TEXT,
  request_id TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT ''
) ${STRICT};
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) ${STRICT};
