// Command centre — dashboard (数据看板) and the big screen (指挥大屏).
export const dashboardMenuZh = { dashboard: '数据看板', bigScreen: '指挥大屏' }
export const dashboardEnumsZh = {}
export const dashboardZh = {
  dash: {
    title: '数据看板', screenTitle: '新郑市疫情防控指挥中心', back: '返回上级', today: '今天', todayShort: '今日',
    cumulative: '累计', cumStarted: '累计开始', lastDays: '近{n}天', autoRefresh: '每{s}秒自动刷新',
    updatedAt: '数据更新于', checkedAt: '最近检查', bigScreen: '大屏', desk: '返回看板',
    autoDay: '今日暂无数据，显示最近有数据的日期 {day}；可选择其他日期或点“今天”。', latestWithData: '最近有数据的日期',
    pastDay: '历史数据：显示 {day} 的数据，不是今天；点“今天”查看今日数据。', pastBadge: '历史数据 {day}',
    trend: '近{n}天趋势', decisions: '研判结果', ranking: '单位排名', children: '下级单位与卡点', clickToDrill: '点击下钻',
    noChildren: '无下级单位或卡点', name: '名称', level: '级别', self: '本级',
    panel: { checkpoint: '卡口排查', community: '社区管控' },
    stat: {
      vehicles: '排查车辆', people: '排查人员', vehicles_turned_back: '劝返车辆', people_turned_back: '劝返人员',
      fever: '发热人员', handovers: '发热移交', handovers_receipted: '移交回执', gate_passages: '门岗出入',
      gate_visitors: '来访登记', gate_refused: '门岗劝阻', under_observation: '居家观察中', rounds_done: '上门询问',
      open_alerts: '未处理预警', tasks_done: '小区任务完成',
    },
    metric: { people: '排查人员', vehicles: '排查车辆', turned_back: '劝返人员', gate_passages: '门岗出入', tasks_done: '小区任务完成' },
    dec: {
      checkpoint: '卡口研判', gate: '门岗劝阻原因', people_passed: '放行人员', people_turned_back: '劝返人员', fever: '发热人员',
      refused_fever: '发热劝阻', refused_quota: '超出外出限额', refused_not_resident: '非本小区', refused_other: '其他',
    },
  },
}
