// The Linux bootstrap script run for real: it downloads a stand-in agent from an HTTP server,
// checks its version and execs `coder agent` with Coder's variables exported.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentScripts } from './agent-scripts.js';

const standInAgent = `#!/bin/sh
if [ "$1" = --version ]; then echo "Coder v2.20.0+warren"; exit 0; fi
echo "ran: $* auth=$CODER_AGENT_AUTH url=$CODER_AGENT_URL token=$CODER_AGENT_TOKEN"
`;

let server: Server;
let accessUrl: string;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warren-bootstrap-'));
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/bin/coder-linux-amd64') response.end(standInAgent);
    else response.writeHead(404).end();
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
});
