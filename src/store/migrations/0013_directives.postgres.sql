-- Departments (卫健委, 交通运输局 ...): a unit level directly under the city whose users are that department's staff.
ALTER TABLE units DROP CONSTRAINT IF EXISTS units_level_check;
ALTER TABLE units ADD CONSTRAINT units_level_check CHECK (level IN ('city', 'town', 'community', 'estate', 'department'));
