// Command centre — firms (复工复产).
export const firmsMenuZh = { firms: '复工复产' }
export const firmsEnumsZh = {
  firmStatus: { draft: '草稿', submitted: '待审核', approved: '已批准', returned: '已退回', withdrawn: '已撤销' },
  firmMeasure: { masks: '口罩储备', temperature_checks: '体温检测', disinfection: '消毒', canteen_spacing: '食堂错峰间隔' },
  firmAction: { submit: '提交', resubmit: '修改后重新提交', approve: '批准', return: '退回', withdraw: '撤销' },
}
export const firmsZh = {
  firms: {
    title: '复工复产申请',
    all: '全部',
    qHint: '企业名称、信用代码或联系人',
    add: '录入申请',
    exportApproved: '导出已批准企业',
    col: {
      name: '企业名称', creditCode: '统一社会信用代码', address: '地址', unit: '所属单位', industry: '行业',
      staff: '员工数', outside: '外地返岗', measures: '防控措施', measuresNote: '措施说明', contact: '联系人',
      phone: '联系电话', status: '状态', listed: '返岗名单', updated: '更新时间', submitted: '提交时间',
    },
    form: {
      create: '录入复工申请', edit: '修改申请', saveDraft: '保存草稿', submit: '提交审核', save: '保存',
      codeHint: '18位，自动校验', phoneHint: '手机号或带区号固话', phoneKeep: '不修改请留空',
      measuresHint: '勾选已落实的防控措施', staffHint: '员工总数 / 其中外地返岗',
    },
    codeRule: {
      length: '须为18位', format: '含非法字符（不用 I、O、S、V、Z）', authority: '第1位登记管理部门代码不正确',
      kind: '第2位机构类别代码不正确', division: '第3–8位行政区划码不正确', check_digit: '校验码不正确',
    },
    review: {
      approve: '批准', return: '退回', confirmApprove: '批准「{name}」复工？批准后其返岗人员在卡口将被识别为复工人员。',
      returnTitle: '退回申请', reasons: '退回理由', reasonsHint: '每行一条理由', quick: '常用理由',
      quickReasons: { r1: '口罩储备不足', r2: '未落实体温检测', r3: '未落实每日消毒', r4: '未落实食堂错峰就餐', r5: '外地返岗人员信息不全' },
      submitted: '已提交审核', approved: '已批准', returned: '已退回', withdrawn: '已撤销', ownNoReview: '自己录入的申请不能审核',
      withdraw: '撤销', confirmWithdraw: '撤销「{name}」的申请？撤销后其人员在卡口不再被识别。',
    },
    detail: { history: '审核记录', reasons: '退回理由', staff: '返岗人员名单', none: '暂无' },
    staff: {
      import: '导入名单', remove: '移出', confirmRemove: '将 {name} 移出名单？', name: '姓名', idNumber: '身份证号',
      phone: '手机号', plate: '车牌', origin: '来自', expected: '预计返岗', count: '共 {n} 人',
    },
    imp: {
      title: '导入返岗人员', pick: '选择 Excel 文件（.xlsx），第一行为表头', template: '表头示例：姓名、身份证号、手机号、车牌、来自、预计返岗日期',
      rows: '{n} 行', check: '试导入（检查）', commit: '确认导入', ok: '检查通过：新增 {added} 人，已在名单 {listed} 人',
      done: '已导入 {added} 人', problems: '{n} 处问题，请修改后重新选择文件', row: '行', field: '字段', rule: '问题',
      replayed: '该批次已导入过，未重复写入',
    },
  },
  checkpointFirm: { match: '复工人员 · {name} → 建议放行', offline: '离线时不能识别复工人员', checking: '正在核对复工名单…' },
}
