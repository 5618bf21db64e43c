// Helper of the crash and fault scripts (kill9_mixed.sh, tests/reliability/*.sh): checkpoint
// passages AND community gate events, single POSTs and :batch replays, on the demo city.
//
//   node mixed.mjs login URL USER                 -> prints a token (password of the demo)
//   node mixed.mjs setup URL TOKEN FILE           -> finds the checkpoint and the gate, issues passes
//       for the gate's households and writes what `load` needs to FILE (JSON). TOKEN: admin.
//   node mixed.mjs load URL TOKEN SETUP MARK CONCURRENCY [SECONDS] [RESULTS]
//       CONCURRENCY clients of each kind (passage single, passage :batch of 50, gate single,
//       gate :batch of 20) until the server goes away (a connection error), or for SECONDS if
//       given (or until the file PATH exists when SECONDS is until:PATH) (then 503s and connection errors are counted and retried, not fatal). Prints
//       "p KEY" / "g KEY" for every record the server acknowledged (single: 201/200; batch:
//       created/duplicate), as soon as it is answered. With RESULTS, appends one line per
//       request to that file: "<status> <ms> <kind> <epoch ms at the answer> [error message]" (status 0: no answer).
//   node mixed.mjs resend URL TOKEN SETUP FILE
//       sends the "p KEY"/"g KEY" lines of FILE again as :batch records; prints
//       "<status> <p|g> <key>" per record.
//   node mixed.mjs get URL TOKEN PATH             -> prints the HTTP status of a GET
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';

const [mode, url, ...args] = process.argv.slice(2);
const headers = (token) => ({ 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function passage(s, mark, key = randomUUID()) {
  const chars = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let tail = '';
  for (let i = 0, v = Math.floor(Math.random() * 34 ** 5); i < 5; i++, v = Math.floor(v / 34)) tail = chars[v % 34] + tail;
  const fever = Math.random() < 0.02;
  return {
    client_key: key,
    point_id: s.checkpoint,
    vehicle_kind: 'car',
    plate: `豫K${tail}`,
    direction: Math.random() < 0.5 ? 'in' : 'out',
    occupants: [{ temperature: fever ? 38.2 : 36.5 }, { temperature: 36.8 }],
    origin: Math.random() < 0.1 ? { code: '420100', name: '湖北省武汉市' } : { code: '410100', name: '河南省郑州市' },
    destination: mark,
    purpose: 'transit',
    device_time: new Date(Date.now() - 1000).toISOString(),
  };
}

// A resident of one of the gate's households with the household pass, or now and then a visitor.
function gateEvent(s, offline, key = randomUUID()) {
  const e = { client_key: key, point_id: s.gate, direction: Math.random() < 0.5 ? 'out' : 'in', temperature: 36.5 };
  const p = s.passes[Math.floor(Math.random() * s.passes.length)];
  if (Math.random() < 0.15 || !p) {
    e.visitor = { name: '王访客', phone: '13912345678', reason: '送药', host_household_id: p ? p.household_id : s.any_household };
  } else {
    e.token = p.qr_text;
    e.person_id = p.people[Math.floor(Math.random() * p.people.length)];
  }
  if (offline) {
    e.decision = 'allow';
    e.rule_version = 0;
    e.device_time = new Date(Date.now() - 2000).toISOString();
  }
  return e;
}

async function call(method, path, token, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: headers(token),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, body: json, text };
}

if (mode === 'login') {
  const [user] = args;
  const r = await call('POST', '/api/v1/auth/login', null, { username: user, password: 'Fangkong@2020' });
  if (r.status !== 200) throw new Error(`login: HTTP ${r.status} ${r.text}`);
  process.stdout.write(r.body.token + '\n');
} else if (mode === 'setup') {
  const [token, file] = args;
  const r = await call('GET', '/api/v1/org/points?page_size=500', token);
  if (r.status !== 200) throw new Error(`points: HTTP ${r.status}`);
  const find = (name) => {
    const p = r.body.items.find((x) => x.name === name);
    if (!p) throw new Error(`no point named ${name}`);
    return p;
  };
  const checkpoint = find('G107新郑长葛交界疫情监测站');
  const gate = find('永宁街社区卡点');
  const h = await call('GET', `/api/v1/residents/passes:households?page_size=500&unit_id=${gate.unit_id}`, token);
  if (h.status !== 200) throw new Error(`households: HTTP ${h.status} ${h.text}`);
  const households = h.body.items.filter((x) => x.members.length > 0).slice(0, 20);
  if (!households.length) throw new Error('the gate has no households');
  const passes = [];
  for (const hh of households) {
    const i = await call('POST', '/api/v1/residents/passes:issue', token, { household_ids: [hh.id] });
    if (i.status !== 201) throw new Error(`issue: HTTP ${i.status} ${i.text}`);
    passes.push({ household_id: hh.id, qr_text: i.body.items[0].qr_text, people: hh.members.map((m) => m.id) });
  }
  writeFileSync(file, JSON.stringify({ checkpoint: checkpoint.id, gate: gate.id, any_household: households[0].id, passes }));
} else if (mode === 'load') {
  const [token, setup, mark, concurrency, seconds, results] = args;
  const s = JSON.parse(readFileSync(setup, 'utf8'));
  const timed = seconds !== undefined && seconds !== '';
  // SECONDS, or "until:PATH": run until that file exists.
  const stopFile = timed && seconds.startsWith('until:') ? seconds.slice(6) : '';
  const until = timed && !stopFile ? Date.now() + Number(seconds) * 1000 : Infinity;
  if (stopFile) {
    const t = setInterval(() => {
      if (existsSync(stopFile)) {
        stop = true;
        clearInterval(t);
      }
    }, 100);
  }
  let stop = false;
  let lines = [];
  const note = (status, ms, kind, message = '') => {
    if (!results) return;
    lines.push(`${status} ${ms} ${kind} ${Date.now()} ${message}`.trimEnd());
    if (lines.length >= 200) {
      appendFileSync(results, lines.join('\n') + '\n');
      lines = [];
    }
  };
  const worker = (kind, path, make, ackOf) => async () => {
    while (!stop && Date.now() < until) {
      const body = make();
      const t0 = performance.now();
      try {
        const r = await call('POST', path, token, body);
        note(r.status, Math.round(performance.now() - t0), kind, r.body && r.body.error ? r.body.error.message : '');
        const acked = ackOf(r, body);
        if (acked.length) process.stdout.write(acked.map((k) => `${kind[0]} ${k}`).join('\n') + '\n');
        if (r.status === 503) await sleep(50);
      } catch {
        note(0, Math.round(performance.now() - t0), kind);
        if (!timed) stop = true; // the server is gone
        else await sleep(50);
      }
    }
  };
  const single = (r, body) => (r.status === 201 || r.status === 200 ? [body.client_key] : []);
  const batch = (r) =>
    r.status === 200 && r.body && Array.isArray(r.body.results)
      ? r.body.results.filter((x) => x.status === 'created' || x.status === 'duplicate').map((x) => x.client_key)
      : [];
  const n = Number(concurrency);
  const kinds = [
    worker('p-single', '/api/v1/screening/passages', () => passage(s, mark), single),
    worker('p-batch', '/api/v1/screening/passages:batch', () => ({ records: Array.from({ length: 50 }, () => passage(s, mark)) }), batch),
    worker('g-single', '/api/v1/residents/gate-events', () => gateEvent(s, false), single),
    worker('g-batch', '/api/v1/residents/gate-events:batch', () => ({ records: Array.from({ length: 20 }, () => gateEvent(s, true)) }), batch),
  ];
  await Promise.all(kinds.flatMap((w) => Array.from({ length: n }, w)));
  if (results && lines.length) appendFileSync(results, lines.join('\n') + '\n');
} else if (mode === 'resend') {
  const [token, setup, file] = args;
  const s = JSON.parse(readFileSync(setup, 'utf8'));
  const all = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
  for (const [kind, path, make, size] of [
    ['p', '/api/v1/screening/passages:batch', (k) => passage(s, 'kill9-resend', k), 1000],
    ['g', '/api/v1/residents/gate-events:batch', (k) => gateEvent(s, true, k), 500],
  ]) {
    const keys = all.filter(([k]) => k === kind).map(([, key]) => key);
    for (let i = 0; i < keys.length; i += size) {
      const r = await call('POST', path, token, { records: keys.slice(i, i + size).map(make) });
      if (r.status !== 200) throw new Error(`resend: HTTP ${r.status} ${r.text}`);
      process.stdout.write(r.body.results.map((x) => `${x.status} ${kind} ${x.client_key}`).join('\n') + '\n');
    }
  }
} else if (mode === 'get') {
  const [token, path] = args;
  try {
    const r = await call('GET', path, token);
    process.stdout.write(`${r.status}\n`);
  } catch {
    process.stdout.write('0\n');
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
