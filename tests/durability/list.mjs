// Prints the name of every staff record whose name starts with PREFIX,
// following the cursor pages. Usage: node list.mjs URL TOKEN PREFIX
const [url, token, prefix] = process.argv.slice(2);
let pageToken = '';
do {
  const q = new URLSearchParams({ q: prefix, page_size: '500' });
  if (pageToken) q.set('page_token', pageToken);
  const res = await fetch(`${url}/api/v1/org/staff?${q}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`list: HTTP ${res.status}`);
  const body = await res.json();
  for (const s of body.items) if (s.name.startsWith(prefix)) process.stdout.write(s.name + '\n');
  pageToken = body.next_page_token;
} while (pageToken);
