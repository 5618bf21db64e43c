// Helper of slow_clients.sh: a slow-loris attack and normal clients measured beside it.
//   node slow_clients.mjs URL TOKEN SLOW HEADER_TIMEOUT_S BODY_TIMEOUT_S PID
// 1. Baseline (after a 1 s warm-up): 4 normal clients (GET /healthz and a passage list) for 3 s; latencies kept.
// 2. Attack: SLOW connections, each sending a request's header bytes one a second (they never
//    finish); one more connection sends complete headers with Content-Length 4096 and then its
//    body one byte a second. The normal clients keep going during the attack.
// 3. Prints "ok -"/"not ok -" lines and "# …" figures: no normal request waits more than 2 s;
//    p99 with and without the attack; the slow connections are closed by the server near the
//    header timeout; the slow body is cut near the body timeout; the server's thread count
//    (from /proc/PID/status) does not grow with the connections.
import net from 'node:net';
import { readFileSync } from 'node:fs';

const [url, token, slowArg, headerArg, bodyArg, pid] = process.argv.slice(2);
const SLOW = Number(slowArg), HEADER = Number(headerArg), BODY = Number(bodyArg);
const { hostname, port } = new URL(url);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let pass = 0, fail = 0;
const check = (name, ok) => { ok ? pass++ : fail++; console.log(`${ok ? 'ok' : 'not ok'} - ${name}`); };
const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : 0; };

async function normal(untilFn, out, errors) {
  const paths = ['/healthz', '/api/v1/screening/passages?page_size=20'];
  let i = 0;
  while (!untilFn()) {
    const t0 = performance.now();
    try {
      const res = await fetch(url + paths[i++ % 2], { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      await res.text();
      if (res.status !== 200) errors.push(res.status);
    } catch (e) {
      errors.push(String(e));
    }
    out.push(performance.now() - t0);
  }
}

// Warm-up (1 s, not counted), then the baseline.
let end = Date.now() + 1000;
await Promise.all(Array.from({ length: 4 }, () => normal(() => Date.now() > end, [], [])));
const base = [], baseErr = [];
end = Date.now() + 3000;
await Promise.all(Array.from({ length: 4 }, () => normal(() => Date.now() > end, base, baseErr)));
const threadsBefore = threads();

// The attack.
const header = `GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\nUser-Agent: slowloris-${'x'.repeat(200)}\r\n`;
const slow = [];
const opened = performance.now();
function slowSocket(bytes, label) {
  const s = { label, opened: 0, closed: 0, closedByUs: false, got: '', sent: 0 };
  const sock = net.connect({ host: hostname, port: Number(port) });
  let timer;
  sock.on('connect', () => {
    s.opened = performance.now();
    timer = setInterval(() => {
      if (s.sent >= bytes.length) return;
      sock.write(bytes.slice(s.sent, s.sent + 1));
      s.sent++;
    }, 1000);
    sock.write(bytes.slice(0, 1));
    s.sent = 1;
  });
  sock.on('data', (d) => { s.got += d.toString(); });
  sock.on('error', () => {});
  sock.on('close', () => { clearInterval(timer); if (!s.closed) s.closed = performance.now(); });
  s.sock = sock;
  return s;
}
for (let i = 0; i < SLOW; i++) {
  slow.push(slowSocket(header, 'header'));
  if (i % 100 === 99) await sleep(20);
}
// The slow body: full headers at once, then one byte a second.
const body = Buffer.from(JSON.stringify({ username: 'admin', password: 'x'.repeat(4000) }).slice(0, 4096).padEnd(4096, ' '));
const bodyHead = `POST /api/v1/auth/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
const slowBody = { opened: 0, closed: 0, got: '' };
{
  const sock = net.connect({ host: hostname, port: Number(port) });
  let timer, sent = 0;
  sock.on('connect', () => {
    slowBody.opened = performance.now();
    sock.write(bodyHead);
    timer = setInterval(() => { if (sent < body.length) sock.write(body.subarray(sent, ++sent)); }, 1000);
  });
  sock.on('data', (d) => { slowBody.got += d.toString(); });
  sock.on('error', () => {});
  sock.on('close', () => { clearInterval(timer); slowBody.closed = performance.now(); });
}
await sleep(1000);
const connectedCount = slow.filter((s) => s.opened).length;
const threadsDuring = threads();

const during = [], duringErr = [];
const attackEnd = performance.now() + (Math.max(HEADER, BODY) + 3) * 1000;
await Promise.all(Array.from({ length: 4 }, () => normal(() => performance.now() > attackEnd, during, duringErr)));
await sleep(500);
for (const s of slow) if (!s.closed) { s.closedByUs = true; s.sock.destroy(); }

const closedByServer = slow.filter((s) => s.opened && !s.closedByUs);
const closeAfter = closedByServer.map((s) => (s.closed - s.opened) / 1000);
const f = (x) => x.toFixed(1);
console.log(`# ${SLOW} slow connections (${connectedCount} connected within 1 s); server threads ${threadsBefore} before, ${threadsDuring} during`);
console.log(`# normal requests: ${base.length} without the attack (p50 ${f(pct(base, 0.5))} ms, p99 ${f(pct(base, 0.99))} ms, max ${f(Math.max(...base))} ms); ` +
  `${during.length} during it (p50 ${f(pct(during, 0.5))} ms, p99 ${f(pct(during, 0.99))} ms, max ${f(Math.max(...during))} ms)`);
console.log(`# slow connections closed by the server: ${closedByServer.length}, after ${f(pct(closeAfter, 0))}-${f(pct(closeAfter, 1))} s (median ${f(pct(closeAfter, 0.5))} s); header timeout ${HEADER} s`);
console.log(`# slow body cut after ${slowBody.closed ? f((slowBody.closed - slowBody.opened) / 1000) + ' s' : 'never'} (body timeout ${BODY} s); answer: ${JSON.stringify(slowBody.got.split('\r\n')[0] || '')}`);
check(`all ${SLOW} slow connections were accepted (${connectedCount})`, connectedCount === SLOW);
check('normal requests answer 200 before and during the attack', baseErr.length === 0 && duringErr.length === 0 && during.length > 0);
check(`no normal request waits more than 2 s during the attack (max ${f(Math.max(...during))} ms)`, Math.max(...during) < 2000);
check(`every slow connection is closed by the server (${closedByServer.length} of ${connectedCount})`, closedByServer.length === connectedCount);
check(`they are closed near the header timeout (${HEADER} s; between ${f(pct(closeAfter, 0))} and ${f(pct(closeAfter, 1))} s)`,
  closeAfter.length > 0 && pct(closeAfter, 0) >= HEADER - 0.5 && pct(closeAfter, 1) <= HEADER + 3);
check(`none of them got an answer to its unfinished request`, closedByServer.every((s) => s.got === '' || /^HTTP\/1\.1 408/.test(s.got)));
check(`a body slower than the body timeout is cut (${BODY} s)`, slowBody.closed > 0 && (slowBody.closed - slowBody.opened) / 1000 <= BODY + 3 && !/^HTTP\/1\.1 2/.test(slowBody.got));
check(`no thread per connection (threads ${threadsBefore} -> ${threadsDuring})`, threadsDuring <= threadsBefore + 4);
console.log(`# helper: ${pass} ok, ${fail} not ok`);
process.exit(fail ? 1 : 0);
