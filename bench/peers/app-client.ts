/**
 * The browser's side of bench/app-proxy in its own process: given a base URL (the app on loopback,
 * or the same app through the proxy) and cookies, it downloads `bytes` once and then sends
 * `requests` small requests one after another on one keep-alive connection, and prints JSON:
 * `{ downloadMs, downloadCpuMs, bytes, latenciesMs: number[] }` (downloadCpuMs: this process's CPU time
 * during the download).
 *   node --import tsx bench/peers/app-client.ts <base-url> <cookie> <bytes> <requests>
 */
import http from 'node:http';

const [base, cookie, bytesArg, requestsArg] = process.argv.slice(2) as [string, string, string, string];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const jar = new Map<string, string>();
if (cookie) for (const c of cookie.split('; ')) jar.set(c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1));

function get(path: string, onData: (d: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = jar.size ? { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
    http
      .get(new URL(path, base), { agent, headers }, (res) => {
        for (const c of res.headers['set-cookie'] ?? []) {
          const pair = c.split(';')[0]!;
          jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        res.on('data', onData);
        res.on('end', () => resolve(res.statusCode!));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const bytes = Number(bytesArg);
let received = 0;
await get('small', () => undefined); // warm-up: the connection, the signed app token
const started = performance.now();
const cpuBefore = process.cpuUsage();
const status = await get(`download?bytes=${bytes}`, (d) => (received += d.length));
const downloadMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const downloadCpuMs = (cpu.user + cpu.system) / 1000;
if (status !== 200 || received !== bytes) throw new Error(`download answered ${status} with ${received} of ${bytes} bytes`);
const latenciesMs: number[] = [];
for (let i = 0; i < Number(requestsArg); i++) {
  const t = performance.now();
  if ((await get('small', () => undefined)) !== 200) throw new Error('a small request failed');
  latenciesMs.push(performance.now() - t);
}
agent.destroy();
process.stdout.write(JSON.stringify({ downloadMs, downloadCpuMs, bytes: received, latenciesMs }));
