import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../packages/cli/src/test-io';
import { startTestServer, withOwner, type TestServer } from '../support/server';

// The local starter template through the real server, a built-in daemon and real terraform: each
// workspace is a process tree on this host (under bubblewrap when bwrap is installed). The real
// agent (the coder binary of packages/cli/dist, served at /bin/coder-linux-amd64) runs the template's startup script,
// whose file server leaves the session with `nohup ... &`; stop and delete must end it too.
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

/** Live (not zombie) processes whose environment marks them as the workspace's. */
function markedProcesses(workspaceId: string): number[] {
  const marked: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^[ZX]/.test(state.slice(state.lastIndexOf(')') + 2))) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`WARREN_WORKSPACE_ID=${workspaceId}`)) marked.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return marked;
}

/** The processes of the workspace's files app (its startup script's `nohup python3 -m http.server`). */
function fileServers(workspaceId: string): number[] {
  return markedProcesses(workspaceId).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('http.server');
    } catch {
      return false;
    }
  });
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
    const push = await cli('templates', 'push', name, '-d', LOCAL, '-y', '--variable', `workspaces_dir=${workspaces}`, '--variable', `sandbox=${sandbox}`, '--variable', 'code_server=false');
    expect(push.code, push.stderr).toBe(0);

    const created = await cli('create', `dev-${sandbox}`, '-t', name, '-y');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout).toContain(`started workspace owner-dev-${sandbox} (${expectedMode}`);
    const dir = path.join(workspaces, `owner-dev-${sandbox}`);
    const home = path.join(dir, 'home');
    const pid = Number(readFileSync(path.join(dir, 'run/agent.pid'), 'utf8'));
    expect(sessionMembers(pid)).toContain(pid);
    const { id } = await owner.workspaceByOwnerAndName('me', `dev-${sandbox}`);
    // The daemon's bootstrap script fetches the agent from this server into the shared cache.
    const url = `${server.accessUrl.toString()}bin/coder-linux-amd64`;
    await eventually('the init script to fetch the agent', () =>
      readFileSync(path.join(dir, 'run/agent.log'), 'utf8').includes(url) || undefined);
    // The agent runs the startup script; its file server leaves the session.
    const [fileServer] = await eventually('the file server of the startup script', () => fileServers(id).length ? fileServers(id) : undefined, 60_000);
    expect(sessionMembers(pid)).not.toContain(fileServer);
    const cgroup = readFileSync(path.join(dir, 'run/cgroup'), 'utf8').trim();
    if (cgroup) expect(readFileSync(path.join(cgroup, 'cgroup.procs'), 'utf8').split('\n')).toContain(String(fileServer));
    writeFileSync(path.join(home, 'notes.txt'), 'kept');

    const stopped = await cli('stop', `dev-${sandbox}`);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain("stopped the workspace's processes");
    expect(sessionMembers(pid)).toEqual([]);
    expect(markedProcesses(id)).toEqual([]);
    if (cgroup) expect(existsSync(cgroup)).toBe(false);
    expect(readFileSync(path.join(home, 'notes.txt'), 'utf8')).toBe('kept');

    expect((await cli('start', `dev-${sandbox}`)).code).toBe(0);
    const restarted = Number(readFileSync(path.join(dir, 'run/agent.pid'), 'utf8'));
    expect(sessionMembers(restarted)).toContain(restarted);
    expect(readFileSync(path.join(home, 'notes.txt'), 'utf8')).toBe('kept');
    await eventually('the file server after the restart', () => fileServers(id).length ? fileServers(id) : undefined, 60_000);

    const deleted = await cli('delete', `dev-${sandbox}`, '-y');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(sessionMembers(restarted)).toEqual([]);
    expect(markedProcesses(id)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
