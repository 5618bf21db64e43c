// Community closed management — home observation (居家观察): the desk board, the
// phone round page (/m/rounds) and the resident's self-report page (/r/:token).
export const observationMenuZh = { observation: '居家观察', obsRounds: '上门询问（手机）', obsSelfReport: '居民自报' }
export const observationEnumsZh = {
  obsReason: { returned_from_elsewhere: '外地返回', close_contact: '密切接触者', other: '其他' },
  obsSymptom: { fever: '发热', cough: '咳嗽', fatigue: '乏力', sore_throat: '咽痛', diarrhea: '腹泻', none: '无症状' },
  obsNeedKind: { food: '生活物资', medicine: '药品', other: '其他' },
  obsNeedStatus: { open: '待办', in_progress: '办理中', done: '已办结' },
  obsRelease: { normal: '期满解除', handed_over: '转送处置', moved_away: '迁出', other: '其他' },
  obsPeriodStatus: { active: '观察中', released: '已解除' },
  obsRoundStatus: { due: '待询问', done: '已完成', missed: '漏报', follow_up: '随访' },
  obsAlertKind: { missed_round: '漏报', fever: '发热' },
  obsAlertStatus: { open: '待处理', acknowledged: '已确认', closed: '已关闭' },
  obsSource: { cadre: '干部上门', self: '居民自报' },
}
export const observationZh = {
  obs: {
    title: '居家观察', unit: '单位', day: '日期', today: '今天', demoDay: '2020-02-13（演示）', refresh: '刷新', sweep: '立即巡检',
    sweepDone: '巡检完成：新建 {c} 条，漏报 {m} 条',
    counts: {
      under_observation: '在观察', started: '新增观察', released: '解除观察', rounds_due: '应询问', rounds_done: '已完成',
      rounds_missed: '漏报', rounds_pending: '待询问', open_alerts: '未关闭预警', due_for_release: '到期待解除',
      needs_opened: '新需求', needs_closed: '需求办结',
    },
    tabs: { board: '今日看板', periods: '观察记录', needs: '居民需求' },
    missing: '尚未完成询问', missingEmpty: '当天询问已全部完成', alerts: '预警', alertsEmpty: '没有待处理的预警',
    person: '人员', address: '住址', cadre: '责任干部', reason: '观察原因', start: '开始日期', end: '结束日期', length: '观察天数',
    lengthReason: '天数调整原因', status: '状态', note: '备注', kind: '类型', detail: '内容', openedAt: '预警时间',
    acknowledge: '确认', close: '关闭', closeTitle: '关闭预警', closeNote: '处理情况', closeNoteHint: '如：已电话联系，居民在家，体温正常',
    acknowledged: '已确认预警', closed: '已关闭预警', handover: '处置记录 #{id}',
    startPeriod: '登记居家观察', searchPerson: '输入姓名搜索', returnedOnly: '只看返乡人员', returnedFrom: '{o} 返回 {d}',
    hasActive: '已在观察', lengthDefault: '默认 {n} 天', lengthReasonHint: '与规则天数不同时必填', cadreId: '责任干部（默认本人）', cadrePickPerson: '先选择人员',
    started: '已登记，观察至 {d}', linkTitle: '居民自报链接', linkOnce: '链接只显示这一次，请现在复制或让居民扫码。',
    copy: '复制链接', copied: '已复制', newLink: '新链接', newLinkConfirm: '生成新链接后，旧链接立即失效。继续？',
    extend: '调整天数', extendTitle: '调整观察天数', release: '解除', releaseTitle: '解除居家观察', releaseResult: '解除结论',
    released: '已解除观察', extended: '已调整为 {n} 天', rounds: '每日记录', temperature: '体温', symptoms: '症状', needs: '需求',
    source: '来源', late: '补报', dueForRelease: '到期待解除', statusFilter: '状态', all: '全部', mine: '只看我负责的',
    needStart: '开始办理', needDone: '办结', needKind: '需求类型', needText: '内容', actions: '操作', noData: '暂无数据',
  },
  obsRound: {
    title: '上门询问', online: '在线', offline: '离线', today: '今日 {d}', progress: '已完成 {done}/{all}', empty: '今天没有需要上门的观察对象',
    pending: '待询问', doneTag: '已完成', missedTag: '漏报', queuedTag: '待发送', rejectedTag: '被拒收', endedTag: '期满待解除', endsOn: '观察至 {d}',
    normalRow: '正常', feverRow: '发热（≥37.3℃）', symptoms: '症状', needs: '需要帮助', needText: '说明（如：米面、降压药）',
    note: '备注', submit: '提交', pickTemp: '请先点选体温', queued: '已保存，联网后自动发送', sent: '已提交', rejected: '被拒收：{m}',
    fever: '发热：已生成处置记录', feverQueued: '发热：联网发送后生成处置记录', retry: '重试', queue: '发送记录', logout: '退出',
    needsLogin: '登录已失效，请重新登录后发送', late: '补报', back: '返回',
  },
  selfReport: {
    title: '居家观察 · 每日自报', hello: '{name}，您好', intro: '请如实填写今天的体温和身体情况，截止时间 {deadline}。',
    day: '今日 {d}', temperature: '今天的体温', symptoms: '有没有以下症状', needs: '需要社区帮忙吗', needText: '请写明需要什么',
    note: '其他想说的', submit: '提交', thanks: '已收到，谢谢您的配合！', thanksFever: '您的体温偏高，社区干部会尽快联系您，请在家等候，不要外出。',
    already: '今天已经报告过了（{t}℃）。', ended: '观察期已结束，无需再报告。谢谢您的配合！', notStarted: '观察期尚未开始。',
    invalid: '链接无效或已失效，请联系社区干部。', pickTemp: '请点选体温', missed: '今天的报告已超过截止时间，仍可补报。',
    until: '观察至 {d}', tooMany: '操作太频繁，请稍后再试。', error: '提交失败，请稍后再试。',
  },
}
