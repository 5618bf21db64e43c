-- Re-opening firms (复工复产): applications, their review history, the lists
-- of returning staff (identity numbers and phones sealed, found by blind
-- index), the stored result of each staff import key, and the firm a
-- checkpoint passage was recognised for (docs/firms.md).

CREATE TABLE firms (
  id ${ID},
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  address TEXT NOT NULL,
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  industry TEXT NOT NULL DEFAULT '',
  staff_count ${BIGINT} NOT NULL,
  staff_from_outside ${BIGINT} NOT NULL,
  -- JSON array of the prevention measures in place: masks, temperature_checks, disinfection, canteen_spacing
  measures TEXT NOT NULL DEFAULT '[]',
  measures_note TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,        -- sealed (core/field_crypto.h)
  contact_phone_masked TEXT NOT NULL,
  -- draft → submitted → approved | returned (→ submitted again after edits); withdrawn at any time
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned', 'withdrawn')),
  return_reasons TEXT NOT NULL DEFAULT '[]',
  submitted_at ${BIGINT},
  reviewed_at ${BIGINT},
  reviewed_by ${BIGINT},
  created_by ${BIGINT} NOT NULL REFERENCES users(id),
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
-- One live application per credit code (the service answers 409 first).
CREATE UNIQUE INDEX firms_credit_code_live ON firms (credit_code) WHERE status <> 'withdrawn';
CREATE INDEX firms_unit_status ON firms (unit_id, status);

CREATE TABLE firm_reviews (
  id ${ID},
  firm_id ${BIGINT} NOT NULL REFERENCES firms(id),
  action TEXT NOT NULL CHECK (action IN ('submit', 'resubmit', 'approve', 'return', 'withdraw')),
  reasons TEXT NOT NULL DEFAULT '[]',
  by_user ${BIGINT} NOT NULL,
  by_name TEXT NOT NULL,
  at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX firm_reviews_firm ON firm_reviews (firm_id, id);

CREATE TABLE firm_staff (
  id ${ID},
  firm_id ${BIGINT} NOT NULL REFERENCES firms(id),
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,          -- sealed
  id_index TEXT NOT NULL,           -- blind index "id"
  id_number_masked TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',   -- sealed, '' none
  phone_masked TEXT NOT NULL DEFAULT '',
  plate TEXT,                       -- normalised
  origin TEXT NOT NULL DEFAULT '',
  expected_day TEXT,
  created_by ${BIGINT} NOT NULL,
  created_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE UNIQUE INDEX firm_staff_person ON firm_staff (firm_id, id_index);
CREATE INDEX firm_staff_id_index ON firm_staff (id_index);
CREATE INDEX firm_staff_plate ON firm_staff (plate) WHERE plate IS NOT NULL;

CREATE TABLE firm_staff_imports (
  import_key TEXT NOT NULL,
  user_id ${BIGINT} NOT NULL,
  firm_id ${BIGINT} NOT NULL REFERENCES firms(id),
  result TEXT NOT NULL,
  at ${BIGINT} NOT NULL,
  PRIMARY KEY (import_key, user_id)
) ${STRICT};

-- The firm whose returning staff a passage was recognised as (NULL: none), and the note shown with the suggestion.
ALTER TABLE passages ADD COLUMN firm_id ${BIGINT};
ALTER TABLE passages ADD COLUMN suggested_note TEXT NOT NULL DEFAULT '';
