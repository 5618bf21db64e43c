// Helper of kill9_passages.sh: checkpoint passages under kill -9.
//   node kill9_passages.mjs login URL USER              -> prints a token
//   node kill9_passages.mjs point URL TOKEN NAME        -> prints the id of the point named NAME
//   node kill9_passages.mjs load URL TOKEN POINT MARK CONCURRENCY
//       single POSTs and :batch (50 records) from CONCURRENCY clients each, until the server goes
//       away; every record carries destination MARK and a fresh UUID client key. Prints the key
//       of every record the server acknowledged (single: 201 or 200; batch: created or
//       duplicate), one a line, as soon as it is answered.
//   node kill9_passages.mjs present URL TOKEN POINT FROM MARK
//       prints the client key of every passage at POINT from day FROM whose destination is MARK
//       (following the cursor pages), one a line, as many times as the server lists it.
//   node kill9_passages.mjs resend URL TOKEN POINT FILE
//       sends the keys in FILE again as :batch records; prints "<status> <key>" per record.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [mode, url, ...args] = process.argv.slice(2);
const json = (token) => ({ 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) });

function record(point, mark, key = randomUUID()) {
  const n = Math.floor(Math.random() * 34 ** 5);
  const chars = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  let tail = '';
  for (let i = 0, v = n; i < 5; i++, v = Math.floor(v / 34)) tail = chars[v % 34] + tail;
  const fever = Math.random() < 0.02;
  return {
    client_key: key,
    point_id: Number(point),
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

async function post(path, token, body) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: json(token), body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

if (mode === 'login') {
  const [user] = args;
  const r = await post('/api/v1/auth/login', null, { username: user, password: 'Fangkong@2020' });
  if (r.status !== 200) throw new Error(`login: HTTP ${r.status}`);
  process.stdout.write(r.body.token + '\n');
} else if (mode === 'point') {
  const [token, name] = args;
  const res = await fetch(`${url}/api/v1/org/points?page_size=500&q=${encodeURIComponent(name)}`, { headers: json(token) });
  if (res.status !== 200) throw new Error(`points: HTTP ${res.status}`);
  const p = (await res.json()).items.find((x) => x.name === name);
  if (!p) throw new Error(`no point named ${name}`);
  process.stdout.write(p.id + '\n');
} else if (mode === 'load') {
  const [token, point, mark, concurrency] = args;
  let stop = false;
  const single = async () => {
    while (!stop) {
      const r = record(point, mark);
      try {
        const res = await post('/api/v1/screening/passages', token, r);
        if (res.status === 201 || res.status === 200) process.stdout.write(r.client_key + '\n');
      } catch {
        stop = true; // the server is gone
      }
    }
  };
  const batch = async () => {
    while (!stop) {
      const records = Array.from({ length: 50 }, () => record(point, mark));
      try {
        const res = await post('/api/v1/screening/passages:batch', token, { records });
        if (res.status !== 200) continue;
        const acked = res.body.results.filter((x) => x.status === 'created' || x.status === 'duplicate');
        if (acked.length) process.stdout.write(acked.map((x) => x.client_key).join('\n') + '\n');
      } catch {
        stop = true;
      }
    }
  };
  const n = Number(concurrency);
  await Promise.all([...Array.from({ length: n }, single), ...Array.from({ length: n }, batch)]);
} else if (mode === 'present') {
  const [token, point, from, mark] = args;
  let pageToken = '';
  do {
    const q = new URLSearchParams({ point_id: point, from, page_size: '500' });
    if (pageToken) q.set('page_token', pageToken);
    const res = await fetch(`${url}/api/v1/screening/passages?${q}`, { headers: json(token) });
    if (res.status !== 200) throw new Error(`list: HTTP ${res.status}`);
    const body = await res.json();
    const keys = body.items.filter((p) => p.destination === mark).map((p) => p.client_key);
    if (keys.length) process.stdout.write(keys.join('\n') + '\n');
    pageToken = body.next_page_token;
  } while (pageToken);
} else if (mode === 'resend') {
  const [token, point, file] = args;
  const keys = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 1000) {
    const records = keys.slice(i, i + 1000).map((k) => record(point, 'kill9-resend', k));
    const res = await post('/api/v1/screening/passages:batch', token, { records });
    if (res.status !== 200) throw new Error(`resend: HTTP ${res.status}`);
    process.stdout.write(res.body.results.map((x) => `${x.status} ${x.client_key}`).join('\n') + '\n');
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
