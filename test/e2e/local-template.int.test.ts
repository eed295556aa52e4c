import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/test-io';
import { startTestServer, withOwner, type TestServer } from '../support/server';

// The local starter template through the real server, a built-in daemon and real terraform: each
// workspace is a process tree on this host (under bubblewrap when bwrap is installed). No
// agent needs to connect for the builds to succeed: the test only checks that the init script goes
// for the agent at the server's /bin/coder-linux-amd64.
const LOCAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/templates/local');

let server: TestServer;
let owner: Client;
let cliConfig: string;
const cli = (...argv: string[]) => runCli(['--global-config', cliConfig, '--url', server.url.toString(), '--token', owner.sessionToken!, ...argv]);

/** Live (not zombie) processes of a session, from /proc. */
function sessionMembers(sid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(session) === sid && state !== 'Z' && state !== 'X') members.push(Number(entry));
  }
  return members;
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  ({ client: owner } = await withOwner(server));
  cliConfig = mkdtempSync(path.join(os.tmpdir(), 'warren-e2e-cli-'));
});
afterAll(() => server.close());

describe.each([
  { sandbox: 'auto', expectedMode: existsSync('/usr/bin/bwrap') ? 'bubblewrap' : 'plain' },
  { sandbox: 'off', expectedMode: 'plain' },
])('the local template (sandbox=$sandbox)', ({ sandbox, expectedMode }) => {
  it('starts, stops, starts and deletes a workspace, keeping its home until the delete and no process after it', async () => {
    const workspaces = mkdtempSync(path.join(os.tmpdir(), 'warren-local-'));
    const name = `local-${sandbox}`;
    const push = await cli('templates', 'push', name, '-d', LOCAL, '-y', '--variable', `workspaces_dir=${workspaces}`, '--variable', `sandbox=${sandbox}`);
    expect(push.code, push.stderr).toBe(0);

    const created = await cli('create', `dev-${sandbox}`, '-t', name, '-y');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout).toContain(`started workspace owner-dev-${sandbox} (${expectedMode})`);
    const dir = path.join(workspaces, `owner-dev-${sandbox}`);
    const home = path.join(dir, 'home');
    const pid = Number(readFileSync(path.join(dir, 'run/agent.pid'), 'utf8'));
    expect(sessionMembers(pid)).toContain(pid);
    // The daemon's bootstrap script tries to download the agent from this server.
    const url = `${server.accessUrl.toString()}bin/coder-linux-amd64`;
    await eventually('the init script to try the download', () =>
      readFileSync(path.join(dir, 'run/agent.log'), 'utf8').includes(`curl -fsSL --compressed ${url}`) || undefined);
    writeFileSync(path.join(home, 'notes.txt'), 'kept');

    const stopped = await cli('stop', `dev-${sandbox}`);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain("stopped the workspace's processes");
    expect(sessionMembers(pid)).toEqual([]);
    expect(readFileSync(path.join(home, 'notes.txt'), 'utf8')).toBe('kept');

    expect((await cli('start', `dev-${sandbox}`)).code).toBe(0);
    const restarted = Number(readFileSync(path.join(dir, 'run/agent.pid'), 'utf8'));
    expect(sessionMembers(restarted)).toContain(restarted);
    expect(readFileSync(path.join(home, 'notes.txt'), 'utf8')).toBe('kept');

    const deleted = await cli('delete', `dev-${sandbox}`, '-y');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(sessionMembers(restarted)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
