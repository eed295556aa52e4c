// The Linux bootstrap script run for real: it downloads a stand-in agent from an HTTP server,
// checks its version and execs `coder agent` with Coder's variables exported.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentScripts } from './agent-scripts.js';

const standInAgent = `#!/bin/sh
if [ "$1" = --version ]; then [ -z "$VERSION_LOG" ] || echo checked >> "$VERSION_LOG"; echo "Coder v2.20.0+warren"; exit 0; fi
echo "ran: $* auth=$CODER_AGENT_AUTH url=$CODER_AGENT_URL token=$CODER_AGENT_TOKEN"
`;

let server: Server;
let accessUrl: string;
let dir: string;
const requests: string[] = [];
/** If-None-Match of each request ('' when absent). */
const conditions: string[] = [];
const etag = `"${createHash('sha256').update(standInAgent).digest('hex')}"`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warren-bootstrap-'));
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    conditions.push(request.headers['if-none-match'] ?? '');
    if (request.url !== '/bin/coder-linux-amd64') {
      response.writeHead(404).end();
      return;
    }
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag }).end();
      return;
    }
    // Sent in two parts with a pause, so concurrent downloads overlap a partly written file.
    response.writeHead(200, { ETag: etag, 'Content-Length': Buffer.byteLength(standInAgent) });
    response.write(standInAgent.slice(0, 20));
    setTimeout(() => response.end(standInAgent.slice(20)), 50);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  accessUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

function runScript(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the Linux agent bootstrap script', () => {
  it('has a script per Linux architecture with ${ARCH} filled in', () => {
    const scripts = defaultAgentScripts();
    expect(Object.keys(scripts)).toEqual(['linux_amd64', 'linux_arm64', 'linux_armv7']);
    expect(scripts.linux_arm64).toContain('BINARY_URL=${ACCESS_URL}bin/coder-linux-arm64');
    expect(scripts.linux_amd64).not.toContain('${ARCH}');
  });

  it('downloads the agent, checks its version and execs it', async () => {
    const script = defaultAgentScripts().linux_amd64!.replaceAll('${ACCESS_URL}', accessUrl).replaceAll('${AUTH_TYPE}', 'token');
    const result = await runScript(script, { BINARY_DIR: join(dir, 'bin'), CODER_AGENT_TOKEN: 'secret-token' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`ran: agent auth=token url=${accessUrl} token=secret-token\n`);
    expect(requests).toEqual(['/bin/coder-linux-amd64']);
  });

  describe('with a shared agent cache', () => {
    const script = () => defaultAgentScripts().linux_amd64!.replaceAll('${ACCESS_URL}', accessUrl).replaceAll('${AUTH_TYPE}', 'token');
    const cachedName = `coder-${etag.slice(1, -1)}`;

    it('downloads once, checks the version once, then revalidates with the ETag', async () => {
      const cache = join(dir, 'cache-once');
      const versionLog = join(dir, 'versions-once');
      requests.length = 0;
      conditions.length = 0;
      const env = (n: number) => ({ BINARY_DIR: join(dir, `bin-once-${n}`), CODER_AGENT_TOKEN: 't', CODER_AGENT_CACHE_DIR: cache, VERSION_LOG: versionLog });
      for (const n of [1, 2, 3]) {
        const result = await runScript(script(), env(n));
        expect(result).toEqual({ code: 0, stdout: `ran: agent auth=token url=${accessUrl} token=t\n` });
      }
      expect(conditions).toEqual(['', etag, etag]);
      expect((await readFile(versionLog, 'utf8')).trim().split('\n')).toEqual(['checked']);
      expect((await readdir(cache)).sort()).toEqual([cachedName, 'coder-linux-amd64.etag']);
    });

    it('lets concurrent workspaces fill an empty cache without running a half-written file', async () => {
      const cache = join(dir, 'cache-concurrent');
      const results = await Promise.all([1, 2, 3, 4].map((n) => runScript(script(), { BINARY_DIR: join(dir, `bin-c-${n}`), CODER_AGENT_TOKEN: `t${n}`, CODER_AGENT_CACHE_DIR: cache })));
      expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      expect(results.map((r) => r.stdout)).toEqual([1, 2, 3, 4].map((n) => `ran: agent auth=token url=${accessUrl} token=t${n}\n`));
      expect((await readdir(cache)).sort()).toEqual([cachedName, 'coder-linux-amd64.etag']);
      expect(await readFile(join(cache, cachedName), 'utf8')).toBe(standInAgent);
    });

    it('fills the cache and exits with CODER_AGENT_FETCH_ONLY, and reads a cache it may not write', async () => {
      const cache = join(dir, 'cache-readonly');
      const filled = await runScript(script(), { BINARY_DIR: join(dir, 'bin-fetch'), CODER_AGENT_CACHE_DIR: cache, CODER_AGENT_FETCH_ONLY: '1' });
      expect(filled).toEqual({ code: 0, stdout: '' });
      // Filling the cache fails at once (no retry, no 24 h wait) when the binary cannot be had.
      const failing = script().replaceAll('bin/coder-linux-amd64', 'bin/missing');
      expect(await runScript(failing, { BINARY_DIR: join(dir, 'bin-fetch'), CODER_AGENT_CACHE_DIR: join(dir, 'cache-missing'), CODER_AGENT_FETCH_ONLY: '1' })).toMatchObject({ code: 1 });
      await chmod(cache, 0o555);
      try {
        conditions.length = 0;
        const binDir = join(dir, 'bin-readonly');
        await mkdir(binDir);
        // Runs as root here, which writes anyway: what matters is that the cached copy is used.
        const result = await runScript(script(), { BINARY_DIR: binDir, CODER_AGENT_TOKEN: 'ro', CODER_AGENT_CACHE_DIR: cache });
        expect(result).toEqual({ code: 0, stdout: `ran: agent auth=token url=${accessUrl} token=ro\n` });
        expect(conditions).toEqual([etag]);
      } finally {
        await chmod(cache, 0o755);
      }
    });
  });
});
