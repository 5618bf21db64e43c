// Posts staff records from many concurrent clients until the server goes away
// or `count` is reached; prints the name of every record answered 201, one a
// line, as soon as it is answered. Usage: node load.mjs URL TOKEN UNIT_ID PREFIX COUNT CONCURRENCY
const [url, token, unitId, prefix, count, concurrency] = process.argv.slice(2);
let next = 0;
async function client() {
  while (next < Number(count)) {
    const name = `${prefix}${next++}`;
    try {
      const res = await fetch(`${url}/api/v1/org/staff`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name, phone: '13900000000', unit_id: Number(unitId) }),
      });
      await res.arrayBuffer();
      if (res.status === 201) process.stdout.write(name + '\n');
    } catch {
      return; // the server is gone
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, client));
