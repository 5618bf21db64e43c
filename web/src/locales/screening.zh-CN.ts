// Checkpoint screening: the phone page (mobile) and the desk pages (screening).
export const screeningMenuZh = {
  screening: '卡口排查', passages: '过卡记录', handovers: '依规处置', rules: '卡口规则', figures: '排查统计', checkpointPhone: '卡口登记（手机）',
}
export const screeningEnumsZh = {
  vehicleKind: { car: '小车', truck: '货车', bus: '客车', motorcycle: '摩托', e_bike: '电动车', on_foot: '步行' },
  direction: { in: '进', out: '出' },
  purpose: { return_to_work: '返岗复工', home: '返乡回家', transit: '过境', freight: '货运', medical: '就医', official: '公务', other: '其他' },
  decision: { pass: '放行', turned_back: '劝返', fever_handover: '发热处置' },
  outcome: { ordinary_illness: '普通疾病', excluded: '排除', suspected: '疑似', confirmed: '确诊' },
  receiverKind: { clinic: '发热门诊', ambulance: '救护车', hospital: '定点医院', other: '其他' },
}
export const screeningZh = {
  mobile: {
    title: '卡口登记', online: '在线', offline: '离线', point: '卡点', choosePoint: '请选择卡点', noPoints: '没有可用的卡口或监测站',
    countVehicles: '今日车辆', countPeople: '今日人数', countTurnedBack: '劝返车辆', countFever: '发热', countPending: '待发送',
    occupants: '车上人数', temperature: '体温（逐人点选）', threshold: '≥{v}℃ 为发热', notTaken: '未测', fever: '发热…',
    feverPick: '第 {n} 人体温（发热）', origin: '来自', destination: '去往', purpose: '事由', more: '其他…',
    pickOrigin: '选择来源地', wholeProvince: '{name}（全省）', originTyped: '或输入地名，如 安徽省合肥市',
    destinationTyped: '输入目的地', noRules: '规则未加载', overridden: '已改判（建议：{s}）', feverCount: '发现发热 {n} 人，依规处置',
    ruleVersion: '规则第 {v} 版建议', override: '改判', undoOverride: '撤销改判', overrideHint: '改判须填写理由；发热处置不可改判',
    reason: '理由', reasonHint: '必填：改判的理由', submit: '登记', recorded: '已登记',
    feverNotice: '发现发热 {n} 人：请按规定移交发热门诊/救护车', saveFailed: '保存失败：',
    todayList: '今日登记（{n}）', syncNow: '立即发送', syncing: '发送中…', needsLogin: '登录已过期：请重新登录后发送（记录仍保存在手机上）',
    peopleN: '{n} 人', attempts: '已尝试 {n} 次',
    state: { queued: '待发送', sent: '已发送', rejected: '被拒绝' },
    missing: { point: '请先选择卡点', plate: '车牌号不完整或不正确', temperature: '还有人未测体温', origin: '请选择来源地', reason: '改判须填写理由' },
    plateHint: '默认“豫A”，点省份或字母可更改', plateOk: '车牌号正确', plateNewEnergy: '新能源车牌',
    plateRule: { province: '首字须为省份简称', length: '位数不对（普通 5 位，新能源 6 位）', authority: '第二位须为字母（无 I、O）', format: '格式不对（新能源首位或末位须为 D/F）' },
    clear: '清空',
  },
  screening: {
    from: '开始日期', to: '结束日期', dateRange: '日期', point: '卡点', plate: '车牌', decision: '处置', feverOnly: '仅发热',
    time: '时间', day: '日期', vehicleKind: '车型', direction: '方向', people: '人数', occupants: '人员（体温）',
    origin: '来自', destination: '去往', purpose: '事由', suggested: '建议', ruleVersion: '规则版本', operator: '登记人',
    reason: '改判理由', reveal: '查看完整信息', revealTitle: '人员完整信息', name: '姓名', idNumber: '身份证号', phone: '手机号',
    temperature: '体温', overridden: '改判', fever: '发热',
    // handovers
    receipted: '已回执', notReceipted: '未回执', receiptedAt: '回执时间', receiver: '接收方', outcome: '结果', outcomeNote: '说明',
    receipt: '回执', receiptTitle: '录入回执码', receiptCode: '回执码', receiptHint: '请输入接收方（发热门诊/救护车）出示的回执码',
    setOutcome: '登记结果', outcomeTitle: '登记处置结果', missingReceipts: '{n} 条未回执', person: '人员', handoverAt: '发现时间',
    noOutcome: '待定',
    // rules
    currentRules: '当前规则', version: '版本', versionN: '第 {v} 版', feverThreshold: '发热阈值（℃）', turnBackOrigins: '劝返来源地',
    code: '区划代码', originName: '名称', addOrigin: '添加来源地', exemptPurposes: '免劝返事由', note: '修改说明',
    saveVersion: '保存为新版本', noteRequired: '请填写修改说明', history: '版本历史', createdBy: '修改人', createdAt: '时间',
    viewVersion: '查看', versionTitle: '第 {v} 版规则', savedVersion: '已保存为第 {v} 版', originRequired: '来源地须有名称',
    codeRule: '2、4、6 或 12 位数字', ruleHelp: '先判发热，再判来源地（区划代码前缀匹配；无代码时按名称前缀），免劝返事由不劝返。',
    // figures
    unit: '单位', asOf: '截至', totals: '合计（所选日期）', byDay: '逐日', byPoint: '按卡点', cumulative: '累计',
    vehicles: '排查车辆', peopleChecked: '排查人数', peopleTested: '测温人数', vehiclesTurnedBack: '劝返车辆',
    peopleTurnedBack: '劝返人数', feverPeople: '发热人员', handovers: '依规处置', handoversReceipted: '已回执',
    cumVehicles: '累计车辆', cumPeople: '累计人数', cumTurnedBackVehicles: '累计劝返车辆', cumTurnedBackPeople: '累计劝返人数',
    cumFever: '累计发热', noSentence: '（无数据）', pointName: '卡点',
  },
}
