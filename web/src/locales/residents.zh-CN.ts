// Community closed management — resident files (建档立卡).
export const residentsMenuZh = { community: '社区管控', households: '户档案', persons: '人员档案', personDuplicates: '疑似重复', residentsImport: '导入建档' }
export const residentsEnumsZh = {}
export const residentsZh = {
  residents: {
    reveal: '查看',
    col: {
      unit_code: '单位代码', building: '楼栋', entrance: '单元', room: '房号', address: '地址', kind: '户类型',
      household_phone: '户联系电话', name: '姓名', id_number: '身份证号', phone: '手机号', relation: '与户主关系',
      is_staff: '工作人员', staff_employer: '工作单位', staff_duty: '岗位', special_kind: '特殊情况',
      special_note: '特殊情况说明', returned: '返乡', origin_code: '来源地代码', origin_name: '来源地', returned_on: '返回日期',
    },
    kind: { owner_occupied: '自住', rented: '租住', dormitory: '集体宿舍', shop: '商铺' },
    relation: { head: '户主', spouse: '配偶', child: '子女', parent: '父母', relative: '亲属', tenant: '租户', employee: '员工', other: '其他' },
    special: { none: '无', pregnancy: '孕产妇', dialysis: '透析', chronic_illness: '慢性病', disability: '残疾', elderly_alone: '独居老人', other: '其他' },
    sex: { male: '男', female: '女' },
    tag: { staff: '工作人员', special: '特殊情况', returned: '返乡人员' },
    dupReason: {
      id_number_on_file: '身份证号已建档', id_number_in_file: '文件内身份证号重复',
      name_phone_on_file: '姓名+手机号与档案相同', name_phone_in_file: '文件内姓名+手机号相同',
    },
    household: {
      title: '户档案', create: '新建户', edit: '修改户', members: '人数', note: '备注',
      qHint: '地址、手机号或其后4位', addressHint: '不填则为 单位+楼栋+单元+房号', confirmDeactivate: '注销 {address}？成员一并注销。',
    },
    person: {
      title: '人员档案', create: '新增人员', edit: '修改人员', tag: '标签', tags: '标签', sexBirth: '性别/出生',
      householdId: '户编号', household: '所在户', qHint: '姓名、地址、身份证号/手机号（完整、掩码或后4位）',
      move: '迁户', moveTitle: '迁户：{name}', moveFrom: '现住户', moveTo: '迁入户', moved: '已迁户',
      moveSame: '请选择另一户', householdRequired: '请选择户',
    },
    householdSelect: { hint: '输入地址或手机号搜索户' },
    dup: {
      title: '疑似重复人员', refresh: '刷新', count: '共 {n} 组', none: '暂无疑似重复人员', loadFailed: '加载失败',
      hint: '同名且手机号相同（一方无身份证号），或同名且出生日期相同的人员。仅供核对，不会自动合并。',
      reason: { name_phone: '姓名+手机号相同', name_birth_date: '姓名+出生日期相同' },
      merge: '合并', mergeTitle: '合并重复人员', keepHint: '选择保留的档案：另一条的空缺信息（身份证号、手机号、标签等）补入保留的档案，另一条注销。',
      effect: '合并后将注销其余 {n} 条档案（记入审计日志）。', noNumber: '无身份证号',
      confirm: '将 {others} 合并到 {keep}？合并后前者注销，不能撤销。', merged: '已合并',
    },
    import: {
      title: '导入建档', unit: '导入到', unitRequired: '请选择导入到的社区、村或小区', stepCheck: '试导入', stepDone: '完成',
      hint: '每行一人；地址（或楼栋+单元+房号）相同的行为同一户，并入该地址已有的户。先试导入，列出每个问题及行号；无问题后再提交，全部导入或全部不导入。',
      mapping: '列对应', dryRun: '试导入', commit: '提交导入', rule: '规则', duplicates: '疑似重复（可在人员档案中合并，不会自动合并）',
      reason: '原因', other: '对应', otherRow: '第 {row} 行', mergeHint: '身份证号已建档的行须删除或改正后才能提交；姓名+手机号相同的行会导入，之后可在“疑似重复”中合并。',
      householdsNew: '新建户', householdsJoined: '并入已有户', done: '已导入：新建 {households} 户，{persons} 人',
    },
  },
}
