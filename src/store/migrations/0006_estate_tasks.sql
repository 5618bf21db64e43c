-- Estate daily tasks (小区每日任务): templates defined for a unit and inherited
-- down its subtree (unit_id NULL: the whole city), the day's task rows (one
-- per task unit, template and local day, created when the day is first
-- touched) and the append-only log of marks (the client-key idempotency
-- record and the who/when history). community_daily.tasks_due counts the
-- rows of a unit-day and tasks_done those whose status is done, in the same
-- transaction (docs/estate-tasks.md).

CREATE TABLE estate_task_templates (
  id ${ID},
  unit_id ${BIGINT} REFERENCES units(id),
  name TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  sort_order INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  -- local days: due from created_day, up to and including deactivated_day
  created_day TEXT NOT NULL,
  deactivated_day TEXT,
  created_by ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  updated_at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX estate_task_templates_unit ON estate_task_templates (unit_id);

INSERT INTO estate_task_templates (unit_id, name, note, sort_order, created_day, created_at, updated_at) VALUES
  (NULL, '公共区域消毒', '楼道、电梯、门厅、垃圾桶周边每日消毒', 10, '2020-01-01', 0, 0),
  (NULL, '废弃口罩收集点清运', '废弃口罩专用收集桶每日清运并消毒', 20, '2020-01-01', 0, 0),
  (NULL, '电梯按键覆膜', '电梯按键覆膜并按时更换', 30, '2020-01-01', 0, 0);

CREATE TABLE estate_tasks (
  id ${ID},
  unit_id ${BIGINT} NOT NULL REFERENCES units(id),
  template_id ${BIGINT} NOT NULL REFERENCES estate_task_templates(id),
  day TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'not_done')),
  note TEXT NOT NULL DEFAULT '',
  marked_by ${BIGINT},
  marked_by_name TEXT NOT NULL DEFAULT '',
  marked_at ${BIGINT},
  created_at ${BIGINT} NOT NULL,
  UNIQUE (unit_id, day, template_id)
) ${STRICT};
CREATE INDEX estate_tasks_day ON estate_tasks (day);

CREATE TABLE estate_task_marks (
  id ${ID},
  client_key TEXT UNIQUE,
  task_id ${BIGINT} NOT NULL REFERENCES estate_tasks(id),
  action TEXT NOT NULL CHECK (action IN ('done', 'not_done', 'undo')),
  note TEXT NOT NULL DEFAULT '',
  by_user ${BIGINT},
  by_name TEXT NOT NULL DEFAULT '',
  at ${BIGINT} NOT NULL
) ${STRICT};
CREATE INDEX estate_task_marks_task ON estate_task_marks (task_id);
