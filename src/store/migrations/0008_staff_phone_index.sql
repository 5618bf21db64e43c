-- Staff phones are sealed at rest (core/field_crypto.h); lookups go through a
-- keyed blind index instead of the value. Values stored in clear before this
-- version are sealed once at the next start (app: SealLegacyFields).
ALTER TABLE staff ADD COLUMN phone_index TEXT;
DROP INDEX staff_phone;
CREATE INDEX staff_phone_index ON staff (phone_index);
