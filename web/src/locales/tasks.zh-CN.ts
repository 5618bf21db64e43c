// Community closed management — estate daily tasks (desk and phone) and the community figures.
export const tasksMenuZh = {
  estateTasks: '小区每日任务', communityFigures: '社区统计', tasksPhone: '今日任务（手机）',
}
export const tasksEnumsZh = {
  taskStatus: { pending: '待完成', done: '已完成', not_done: '未完成' },
}
export const tasksZh = {
  tasks: {
    day: '日期', unit: '单位', search: '查询', grid: '任务表', undone: '未完成清单', templates: '任务模板',
    unitCol: '小区 / 村', town: '乡镇街道', community: '社区', progress: '完成', readOnlyDay: '往日任务只读；标记和撤销只在当天',
    totals: '应做 {due} 项，已完成 {done} 项，未完成 {not_done} 项，待完成 {pending} 项',
    markDone: '完成', markNotDone: '未完成', undo: '撤销', notePrompt: '未完成的原因（可选）', marked: '已标记', undone_ok: '已撤销',
    undoneSummary: '{day}：{units} 个小区/村中 {all} 个全部完成；未完成 {undone} 项（共 {due} 项）',
    allDone: '全部完成', undoneIn: '{n} 项未完成',
    status: { pending: '待完成', done: '已完成', not_done: '未完成' },
    tpl: {
      name: '任务', note: '说明', scope: '适用范围', cityWide: '全市', order: '排序', active: '状态', activeYes: '启用',
      activeNo: '已停用（{day}后）', add: '新增任务', edit: '修改', deactivate: '停用', deactivateConfirm: '停用“{name}”？今天仍需完成，明天起不再要求。',
      showInactive: '显示已停用', addTitle: '新增每日任务', editTitle: '修改每日任务', unitHint: '该单位及下级所有小区/村每天都要完成；不选则为全市（仅市级用户）',
      saved: '已保存', from: '起始', actions: '操作',
    },
    m: {
      title: '今日任务', online: '在线', offline: '离线', cached: '（离线缓存）', doneOf: '项已完成', pending: '{n} 项待发送',
      syncNow: '立即发送', signInAgain: '请重新登录后发送', noUnits: '您的单位下没有需要每日任务的小区或村',
      ticked: '已打勾', notDoneSaved: '已记录未完成', queued: '待发送', markDone: '完成', markNotDone: '未完成',
      whyNotDone: '未完成原因', notePlaceholder: '如：消毒液用完，明早补做', saveNotDone: '记为未完成',
    },
  },
  cfig: {
    title: '社区统计', unit: '单位', range: '日期范围', byDay: '逐日', totals: '区间合计', stocks: '截至 {day}', children: '下级单位',
    childrenHint: '点击单位名称查看下级', self: '（本级）', up: '返回上级', asOf: '数据时间 {t}', day: '日期', cumulative: '累计',
    col: {
      households_added: '新建档户', households_removed: '注销户', persons_added: '新建档人', persons_removed: '注销人',
      observation_started: '新增居家观察', observation_released: '解除观察', rounds_due: '应询问', rounds_done: '已询问',
      rounds_missed: '漏询问', gate_exits: '出门', gate_returns: '返回', gate_visitors: '访客', gate_overdue: '超时未归',
      gate_conflicts: '违反一户一人', refused_fever: '劝阻·发热', refused_quota: '劝阻·超次数', refused_not_resident: '劝阻·非本小区',
      refused_other: '劝阻·其他', alerts_opened: '新预警', alerts_closed: '已处理预警', needs_opened: '新需求', needs_closed: '已办结需求',
      tasks_due: '应做任务', tasks_done: '已做任务',
    },
    stock: { households_on_file: '在册户数', persons_on_file: '在册人数', under_observation: '居家观察中' },
    group: { files: '建档', observation: '居家观察', rounds: '每日询问', gate: '门岗', refused: '劝阻', alerts: '预警与需求', tasks: '每日任务' },
  },
}
