// A small table of administrative divisions (GB/T 2260) for the checkpoint
// phone page's origin picker: every province (2-digit code) and the cities
// (4-digit code) that the demo city sees most. Enough for the roadside; any
// other place can be typed as a name.

export interface Division {
  code: string
  name: string
}
export interface Province extends Division {
  cities: Division[]
}

const P = (code: string, name: string, cities: [string, string][] = []): Province => ({
  code,
  name,
  cities: cities.map(([c, n]) => ({ code: c, name: n })),
})

export const PROVINCES: Province[] = [
  P('41', '河南省', [
    ['4101', '郑州市'], ['4102', '开封市'], ['4103', '洛阳市'], ['4104', '平顶山市'], ['4105', '安阳市'],
    ['4106', '鹤壁市'], ['4107', '新乡市'], ['4108', '焦作市'], ['4109', '濮阳市'], ['4110', '许昌市'],
    ['4111', '漯河市'], ['4112', '三门峡市'], ['4113', '南阳市'], ['4114', '商丘市'], ['4115', '信阳市'],
    ['4116', '周口市'], ['4117', '驻马店市'],
  ]),
  P('42', '湖北省', [
    ['4201', '武汉市'], ['4202', '黄石市'], ['4203', '十堰市'], ['4205', '宜昌市'], ['4206', '襄阳市'],
    ['4207', '鄂州市'], ['4208', '荆门市'], ['4209', '孝感市'], ['4210', '荆州市'], ['4211', '黄冈市'],
    ['4212', '咸宁市'], ['4213', '随州市'],
  ]),
  P('11', '北京市', [['1101', '市辖区']]),
  P('12', '天津市', [['1201', '市辖区']]),
  P('13', '河北省', [['1301', '石家庄市'], ['1304', '邯郸市'], ['1305', '邢台市']]),
  P('14', '山西省', [['1401', '太原市'], ['1405', '晋城市']]),
  P('15', '内蒙古自治区', [['1501', '呼和浩特市']]),
  P('21', '辽宁省', [['2101', '沈阳市'], ['2102', '大连市']]),
  P('22', '吉林省', [['2201', '长春市']]),
  P('23', '黑龙江省', [['2301', '哈尔滨市']]),
  P('31', '上海市', [['3101', '市辖区']]),
  P('32', '江苏省', [['3201', '南京市'], ['3205', '苏州市'], ['3203', '徐州市']]),
  P('33', '浙江省', [['3301', '杭州市'], ['3302', '宁波市'], ['3303', '温州市'], ['3310', '台州市']]),
  P('34', '安徽省', [['3401', '合肥市'], ['3406', '淮北市'], ['3416', '亳州市'], ['3412', '阜阳市']]),
  P('35', '福建省', [['3501', '福州市'], ['3502', '厦门市']]),
  P('36', '江西省', [['3601', '南昌市']]),
  P('37', '山东省', [['3701', '济南市'], ['3702', '青岛市'], ['3717', '菏泽市']]),
  P('43', '湖南省', [['4301', '长沙市'], ['4306', '岳阳市']]),
  P('44', '广东省', [['4401', '广州市'], ['4403', '深圳市'], ['4419', '东莞市']]),
  P('45', '广西壮族自治区', [['4501', '南宁市']]),
  P('46', '海南省', [['4601', '海口市']]),
  P('50', '重庆市', [['5001', '市辖区']]),
  P('51', '四川省', [['5101', '成都市']]),
  P('52', '贵州省', [['5201', '贵阳市']]),
  P('53', '云南省', [['5301', '昆明市']]),
  P('54', '西藏自治区', [['5401', '拉萨市']]),
  P('61', '陕西省', [['6101', '西安市']]),
  P('62', '甘肃省', [['6201', '兰州市']]),
  P('63', '青海省', [['6301', '西宁市']]),
  P('64', '宁夏回族自治区', [['6401', '银川市']]),
  P('65', '新疆维吾尔自治区', [['6501', '乌鲁木齐市']]),
]

export interface Origin {
  code?: string
  name: string
}

/** 河南省郑州市 (4101) from a city code; a province code gives the province. */
export function originFromCode(code: string): Origin | null {
  const p = PROVINCES.find((x) => x.code === code.slice(0, 2))
  if (!p) return null
  if (code.length === 2) return { code: p.code, name: p.name }
  const c = p.cities.find((x) => x.code === code.slice(0, 4))
  if (!c) return null
  return { code: c.code, name: c.name === '市辖区' ? p.name : p.name + c.name }
}

/** The origins offered before the phone has any history of its own. */
export const DEFAULT_ORIGINS: Origin[] = ['4101', '4110', '4102', '4116', '4201', '4113'].map((c) => originFromCode(c)!)
