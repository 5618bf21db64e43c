#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/ for the targets whose inputs are not API bodies
(validators, rules, router, CSV import) from tests/fixtures and the examples of the unit
tests. The json_* targets' seeds come from the routes' documented request schemas
(FK_FUZZ_WRITE_SEEDS=DIR build/asan/json_..._fuzz -runs=0) plus hand-written bodies below.
Run from the repository root: python3 fuzz/make_seeds.py"""
import json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def fixture(name):
    with open(os.path.join(ROOT, 'tests', 'fixtures', name), encoding='utf-8') as f:
        return json.load(f)

def write(target, name, data):
    d = os.path.join(ROOT, 'fuzz', 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))

# validators: byte 0 = family (0 id, 1 phone, 2 plate, 3 division, 4 credit code, 5 UTF-8)
ids = ['11010519491231002X', '410184199001011239', '440304198002291236', '11010519491231002x', '410184199002301239']
phones = ['13800138000', '+86 138-0013-8000', '8613800138000', '12345678901']
plates = ['京A12345', '粤BD12345', '豫A1234学', '京a·12345', ' 京 A 123 45 ', '京I12345', '豫AF1234D']
divisions = ['410184', '410184100000', '110000', '441900003000', '000000', '4101841']
credit = fixture('credit_codes.json')
codes = [c if isinstance(c, str) else c.get('code', '') for c in credit['valid'][:6]] + \
        [c if isinstance(c, str) else c.get('code', '') for c in credit['invalid'][:4]]
for fam, values in enumerate([ids, phones, plates, divisions, codes, ['新郑市', 'a\xe9', '\U0001F600']]):
    for i, v in enumerate(values):
        write('validators_fuzz', f'{fam}-{i}', bytes([fam]) + v.encode('utf-8'))
write('validators_fuzz', '5-bad', bytes([5]) + b'\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80abc\xe6\x96')

# rules: byte 0 = module (0 screening, 1 gate, 2 observation), rules JSON, "\\x" ends the string, then facts
obs = {'default_length_days': 14, 'deadline': '20:00', 'fever_threshold': 37.3}
for mod, rules in enumerate([fixture('screening_decisions.json')['rules'], fixture('gate_decisions.json')['rules'], obs]):
    text = json.dumps(rules, ensure_ascii=False).replace('\\', '\\\\')
    write('rules_fuzz', f'{mod}-fixture', bytes([mod]) + text.encode('utf-8') + b'\\x' + bytes(range(1, 40)))
    write('rules_fuzz', f'{mod}-empty', bytes([mod]) + b'{}\\x' + bytes(range(200, 240)))

# router: byte 0 = method (0 GET, 1 POST, 5 HEAD), then the request target
targets = ['/api/v1/org/units?page_size=5', '/api/v1/screening/passages?day=2020-02-13&page_size=3',
           '/api/v1/residents/persons?q=%E5%BC%A0&page_size=2', '/api/v1/residents/households/1',
           '/api/v1/command/dashboard?day=2020-02-13', '/api/v1/users/1', '/api/v1/auth/me', '/healthz',
           '/api/v1/residents/observation/periods?status=active', '/api/v1/command/firms?page_token=abc',
           '/api/v1/screening/passages/1:reveal', '/index.html', '/assets/app.js', '/../etc/passwd', '/a%2e%2e/b',
           '/api/v1/residents/gate-events?day=2020-02-13', '/api/v1/command/directives?page_size=1',
           '/api/v1/residents/estate-tasks/days/2020-02-13']
for i, t in enumerate(targets):
    write('router_fuzz', f'{i}', bytes([0 if ':' not in t else 1]) + t.encode('utf-8'))

# csv_import: the CLI's CSV (English and Chinese headers, quoting, BOM)
write('csv_import_fuzz', 'english', 'unit_code,building,entrance,room,kind,name,id_number,phone,relation,is_staff\n'
      ',1,1,101,resident,张三,410184199001011239,13800138000,户主,否\n'
      ',1,1,101,resident,李四,,13800138001,配偶,\n')
write('csv_import_fuzz', 'chinese-bom', '\ufeff楼栋,单元,房号,姓名,身份证号,手机号,与户主关系,返乡,来源地代码,来源地,返回日期\n'
      '2,1,302,"王,五",11010519491231002X,138 0013 8002,户主,是,420100,湖北省武汉市,2020-01-23\r\n'
      '2,1,302,"赵""六""",,,子女,否,,,\r\n')
write('csv_import_fuzz', 'address', 'address,kind,household_phone,name,special_kind,special_note\n'
      '和庄镇1号,village,13800138003,孙七,elderly_alone,独居老人\n\n')
