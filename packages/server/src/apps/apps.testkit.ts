/** A workspace template with apps in front of an echo app, and a plain HTTP client that can set Host. */
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ECHO_APP = fileURLToPath(new URL('./testing/echo-app.cjs', import.meta.url));

/**
 * Terraform for the local agent template: a startup script that starts the echo app on
 * `echoPort` and a second one on `sharedPort` (for port sharing), and apps: `echo` (owner),
 * `echo-authenticated` (authenticated, subdomain), `echo-path-shared` (authenticated, path), `refused` (nothing listens on `closedPort`),
 * `unhealthy` (its health check fails), `shell` (a command).
 */
export function appsTemplate(echoPort: number, sharedPort: number, closedPort: number): { startupScript: string; extraResources: string } {
  const start = (port: number, pid: string) => `nohup setsid sh -c 'echo $$ > ../${pid}; exec "${process.execPath}" "${ECHO_APP}" ${port}' > echo-${port}.log 2>&1 < /dev/null &`;
  return {
    startupScript: `${start(echoPort, 'echo.pid')}\n${start(sharedPort, 'shared.pid')}`,
    extraResources: `
resource "coder_app" "echo" {
  agent_id     = coder_agent.main.id
  slug         = "echo"
  display_name = "Echo"
  url          = "http://localhost:${echoPort}"
  share        = "owner"
}

resource "coder_app" "echo_authenticated" {
  agent_id     = coder_agent.main.id
  slug         = "echo-authenticated"
  display_name = "Echo for everyone signed in"
  url          = "http://127.0.0.1:${echoPort}/"
  share        = "authenticated"
  subdomain    = true
}

resource "coder_app" "echo_path_shared" {
  agent_id     = coder_agent.main.id
  slug         = "echo-path-shared"
  display_name = "Echo on a path, for everyone signed in"
  url          = "http://localhost:${echoPort}"
  share        = "authenticated"
}

resource "coder_app" "refused" {
  agent_id = coder_agent.main.id
  slug     = "refused"
  url      = "http://localhost:${closedPort}"
}

resource "coder_app" "unhealthy" {
  agent_id = coder_agent.main.id
  slug     = "unhealthy"
  url      = "http://localhost:${closedPort}"
  healthcheck {
    url       = "http://localhost:${closedPort}/healthz"
    interval  = 1
    threshold = 1
  }
}

resource "coder_app" "shell" {
  agent_id = coder_agent.main.id
  slug     = "shell"
  command  = "bash"
}
`,
  };
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  setCookies: string[];
  body: Buffer;
}

/** One request to the server at `base`, with any Host header (fetch cannot set it). */
export function httpGet(
  base: URL,
  path: string,
  opts: { host?: string; cookie?: string; headers?: Record<string, string>; method?: string; body?: Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.host) headers.Host = opts.host;
    if (opts.cookie) headers.Cookie = opts.cookie;
    const req = http.request({ host: base.hostname, port: base.port, path, method: opts.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, setCookies: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The first chunk of a response as it arrives, and the whole body once it ends. */
export function streamFirstChunk(base: URL, path: string, cookie: string): Promise<{ firstChunk: string; rest: Promise<string> }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), { headers: { Cookie: cookie }, agent: false }, (res) => {
        let all = '';
        let resolveRest: (s: string) => void = () => undefined;
        const rest = new Promise<string>((r) => (resolveRest = r));
        res.on('data', (d: Buffer) => {
          if (all === '') resolve({ firstChunk: d.toString(), rest });
          all += d.toString();
        });
        res.on('end', () => resolveRest(all));
      })
      .on('error', reject);
  });
}
