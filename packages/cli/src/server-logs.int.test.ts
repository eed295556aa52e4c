import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { freePort } from '../../../test/support/pg15';
import { duplicateKeys } from './json-keys.testkit';
import { runWarren, waitUntil, WARREN_BIN, WarrenProcess } from './process.testkit';

// `warren server`'s logs from a real process: JSON and human files, and stderr on a terminal.
const TF = `terraform {}
resource "terraform_data" "dev" {}
`;
const HUMAN_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[(trac|debu|info|warn|erro|fata)\] {2}/;

let work: string;
let dbUrl: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'warren-logs-'));
  dbUrl = await createTestDatabase();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('warren server logs', () => {
  it('writes JSON lines without repeated keys, and the same lines for people, while serving requests and running a job', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const jsonFile = path.join(work, 'server.json');
    const humanFile = path.join(work, 'server.log');
    const server = new WarrenProcess(
      ['server', '--http-address', `127.0.0.1:${port}`, '--postgres-url', dbUrl, '--provisioner-daemons', '1', '--global-config', path.join(work, 'server'), '--verbose', '--log-human', humanFile],
      { CODER_LOGGING_JSON: jsonFile },
    );
    try {
      await server.waitFor(/Started HTTP listener/);
      const anon = new Client(url);
      await anon.createFirstUser({ email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' });
      const token = (await anon.login('owner@example.com', 'Sup3r-Secret-Passw0rd!')).session_token;
      const dir = path.join(work, 'template');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'main.tf'), TF);
      const pushed = await runWarren(['--global-config', path.join(work, 'cli'), 'templates', 'push', 'logs', '-d', dir, '-y'], { CODER_URL: url, CODER_SESSION_TOKEN: token });
      expect(pushed.code, pushed.output).toBe(0);
      await waitUntil('the job lines', async () => (/"daemon":"built-in-0".*"jobId"/.test(readFileSync(jsonFile, 'utf8')) ? true : undefined));
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }

    const lines = readFileSync(jsonFile, 'utf8').trim().split('\n');
    const repeated = lines.map((line) => ({ line, keys: duplicateKeys(line) })).filter((l) => l.keys.length > 0);
    expect(repeated).toEqual([]);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const components = new Set(records.map((r) => r.component));
    for (const c of ['http', 'provisionerd']) expect(components).toContain(c);
    expect(records.some((r) => r.level === 20)).toBe(true); // --verbose
    expect(records.some((r) => r.component === 'provisionerd' && r.daemon === 'built-in-0' && r.jobId)).toBe(true);
    // The request that queued the import names its request id, and the daemon's lines about the job carry it.
    const queued = records.find((r) => r.component === 'http' && r.method === 'POST' && /\/templateversions$/.test(String(r.url)));
    expect(queued?.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const jobLines = records.filter((r) => r.daemon === 'built-in-0' && r.jobId && r.request_id === queued!.request_id);
    expect(jobLines.map((r) => r.msg)).toEqual(expect.arrayContaining(['acquired job']));
    expect(new Set(jobLines.map((r) => r.jobId)).size).toBe(1);
    // No token or password reaches the logs.
    expect(lines.join('\n')).not.toMatch(/Sup3r-Secret|"session_token":"[^[]/);
    // The JSON went to the file, not to stderr.
    expect(server.output).not.toMatch(/^\{"level"/m);

    const human = readFileSync(humanFile, 'utf8').trim().split('\n').filter((l) => !/^ {4}/.test(l));
    expect(human.length).toBe(lines.length);
    for (const line of human) expect(line).toMatch(HUMAN_LINE);
    expect(human.some((l) => / provisionerd\.built-in-0: /.test(l))).toBe(true);
  }, 120_000);

  it('writes human lines to a terminal and JSON lines to a pipe when no log flag is given', async () => {
    const start = async (tty: boolean): Promise<string> => {
      const port = await freePort();
      const args = [WARREN_BIN, 'server', '--http-address', `127.0.0.1:${port}`, '--postgres-url', dbUrl, '--provisioner-daemons', '0', '--global-config', path.join(work, `server-${tty}`)];
      const command = [process.execPath, ...args].map((a) => `'${a}'`).join(' ');
      // script(1) runs the server on a pseudo-terminal and copies what it writes there.
      const child = tty
        ? spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } })
        : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise((resolve) => child.once('close', resolve));
      await waitUntil('the server to listen', async () => (output.includes('Started HTTP listener') ? true : undefined), 60_000);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      await waitUntil('a log line', async () => (/\[info\] |"level":30/.test(output) ? true : undefined), 30_000);
      if (tty) child.stdin!.write('\x03'); // Ctrl+C on the terminal
      else child.kill('SIGINT');
      await exited;
      return output.replaceAll('\r\n', '\n');
    };

    const terminal = await start(true);
    expect(terminal).toMatch(new RegExp(HUMAN_LINE.source + '\\w+: ', 'm'));
    expect(terminal).not.toMatch(/^\{"level"/m);
    const piped = await start(false);
    const jsonLines = piped.split('\n').filter((l) => l.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    for (const line of jsonLines) expect(duplicateKeys(line)).toEqual([]);
    expect(piped).not.toMatch(new RegExp(HUMAN_LINE.source, 'm'));
  }, 120_000);
});
