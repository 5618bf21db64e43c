import { dashboardZh, dashboardEnumsZh, dashboardMenuZh } from './dashboard.zh-CN'
import { reportsZh, reportsEnumsZh, reportsMenuZh } from './reports.zh-CN'
import { directivesZh, directivesEnumsZh, directivesMenuZh } from './directives.zh-CN'
import { firmsZh, firmsEnumsZh, firmsMenuZh } from './firms.zh-CN'
import { residentsZh, residentsEnumsZh, residentsMenuZh } from './residents.zh-CN'
import { gateZh, gateEnumsZh, gateMenuZh } from './gate.zh-CN'
import { observationZh, observationEnumsZh, observationMenuZh } from './observation.zh-CN'
import { tasksZh, tasksEnumsZh, tasksMenuZh } from './tasks.zh-CN'
import { screeningZh, screeningEnumsZh, screeningMenuZh } from './screening.zh-CN'

export default {
  ...screeningZh,
  ...residentsZh,
  ...gateZh,
  ...observationZh,
  ...tasksZh,
  ...dashboardZh,
  ...reportsZh,
  ...directivesZh,
  ...firmsZh,
  app: { name: '防控', fullName: '疫情防控指挥平台', subtitle: '城市疫情防控与指挥调度' },
  common: {
    search: '查询', reset: '重置', add: '新增', edit: '编辑', save: '保存', cancel: '取消', confirm: '确定',
    close: '关闭', delete: '删除', deactivate: '停用', actions: '操作', status: '状态', active: '启用',
    inactive: '已停用', all: '全部', yes: '是', no: '否', import: '导入', export: '导出', refresh: '刷新',
    prevPage: '上一页', nextPage: '下一页', page: '第 {n} 页', pageSize: '每页', noData: '暂无数据',
    loading: '加载中…', success: '操作成功', saved: '已保存', created: '已创建', keyword: '关键字',
    confirmTitle: '请确认', confirmDeactivate: '确定停用“{name}”吗？', view: '查看', details: '详情',
    required: '必填', back: '返回', unit: '所属单位', createdAt: '创建时间', more: '更多',
  },
  menu: {
    home: '首页', org: '组织机构', units: '单位', points: '卡点', staff: '人员', audit: '审计日志',
    system: '系统管理', users: '用户',
    ...screeningMenuZh,
    ...residentsMenuZh,
    ...gateMenuZh,
    ...observationMenuZh,
    ...tasksMenuZh,
    command: '指挥调度',
    ...dashboardMenuZh,
    ...reportsMenuZh,
    ...directivesMenuZh,
    ...firmsMenuZh,
  },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码', badCredentials: '用户名或密码错误', throttled: '尝试次数过多，请稍后再试',
    failed: '登录失败',
  },
  header: {
    logout: '退出登录', logoutAll: '退出所有设备', loggedOutAll: '已在所有设备上退出登录', changePassword: '修改密码', language: '语言', loggedOut: '已退出登录', menu: '菜单',
  },
  password: {
    title: '修改密码', old: '原密码', new: '新密码', confirm: '确认新密码', rule: '至少 10 位，须同时包含字母和数字',
    mismatch: '两次输入的新密码不一致', changed: '密码已修改', mustChange: '首次登录或密码已重置，请先修改密码',
  },
  home: {
    welcome: '欢迎，{name}', unit: '所属单位', roles: '角色', permissions: '权限', quick: '快捷入口',
  },
  error: {
    badRequest: '请求有误', unauthorized: '未登录或登录已过期', forbidden: '无权执行此操作', notFound: '资源不存在',
    conflict: '数据冲突', tooLarge: '请求内容过大', validation: '数据校验未通过', tooMany: '尝试次数过多，请稍后再试',
    server: '服务器错误', unknown: '未知错误', network: '网络错误，请检查连接', forbiddenPage: '无权访问',
    forbiddenPageHint: '您没有访问此页面的权限，请联系管理员。', notFoundPage: '页面不存在', home: '返回首页',
  },
  enums: {
    unitLevel: { city: '市', town: '乡镇街道', community: '社区村', estate: '小区村组', department: '部门' },
    pointKind: { checkpoint: '卡口', community_gate: '社区/小区门岗', station: '监测站/站点' },
    cadre: {
      section_level: '科级干部', ordinary_cadre: '一般干部', village_secretary: '村(社区)党支部书记',
      first_secretary: '第一书记', outstanding_member: '优秀党员', professional: '专业人才', volunteer: '志愿者',
      other: '其他',
    },
    ...screeningEnumsZh,
    ...residentsEnumsZh,
    ...gateEnumsZh,
    ...observationEnumsZh,
    ...tasksEnumsZh,
    ...dashboardEnumsZh,
    ...reportsEnumsZh,
    ...directivesEnumsZh,
    ...firmsEnumsZh,
  },
  unit: {
    title: '组织机构', tree: '单位树', code: '编码', name: '名称', level: '级别', parent: '上级单位',
    parentCode: '上级编码', addChild: '新增下级', addRoot: '新增单位', editTitle: '编辑单位', createTitle: '新增单位',
    selectHint: '请在左侧选择一个单位', codeRule: '区划代码（6 至 12 位数字）或简短编码', filter: '筛选单位',
    showInactive: '显示已停用', selectUnit: '请选择单位', id: '编号', children: '下级单位',
  },
  point: {
    title: '卡点', name: '名称', kind: '类型', place: '位置', lat: '纬度', lng: '经度', createTitle: '新增卡点',
    editTitle: '编辑卡点', unitCode: '单位编码',
  },
  staff: {
    title: '人员', name: '姓名', phone: '手机号', partyMember: '党员', cadre: '人员类别', duty: '职务/岗位',
    createTitle: '新增人员', editTitle: '编辑人员', reveal: '查看', phoneKeep: '不修改请留空', phoneRule: '11 位手机号',
    unitCode: '单位编码',
  },
  audit: {
    title: '审计日志', at: '时间', user: '用户', userId: '用户编号', action: '动作', entity: '对象', entityId: '对象编号',
    before: '变更前', after: '变更后', requestId: '请求编号', range: '时间范围', from: '开始', to: '结束',
  },
  user: {
    title: '用户', username: '用户名', displayName: '姓名', roles: '角色', password: '初始密码',
    createTitle: '新增用户', editTitle: '编辑用户', disable: '停用', enable: '启用', revoke: '强制下线',
    revokeConfirm: '确定让“{name}”的所有会话下线吗？', revoked: '已强制下线', disableConfirm: '确定停用用户“{name}”吗？',
  },
  import: {
    title: '导入{entity}', pick: '选择 Excel 文件 (.xlsx)', pickHint: '第 1 行为表头，从第 2 行起为数据',
    sheet: '工作表', rows: '共 {n} 行数据', mapping: '列对应', field: '字段', column: '表格列', notMapped: '（不导入）',
    preview: '预览（前 5 行）', check: '校验', submit: '提交', checking: '校验中…', total: '总行数', valid: '有效',
    created: '已导入', problems: '问题', row: '行号', message: '说明', noProblems: '校验通过，可以提交',
    done: '导入完成，新增 {n} 条', hasProblems: '发现 {n} 个问题，请修改表格后重新选择文件',
    readFailed: '无法读取该文件，请确认是 .xlsx 格式', empty: '表格中没有数据', missingRequired: '必填字段未对应：{fields}',
    step1: '选择文件', step2: '对应列', step3: '校验与提交', next: '下一步', prev: '上一步', reselect: '重新选择',
  },
}
