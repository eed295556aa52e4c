import { Writable } from 'node:stream';
import type { Client, WorkspaceAgent } from '@warren/sdk';
import { describe, expect, it } from 'vitest';
import { awaitAgent, parseWaitMode, shouldWait } from './agent-wait';
import { envBool } from './commands/ssh';

const blocking = { scripts: [{ start_blocks_login: true }] } as Pick<WorkspaceAgent, 'scripts'>;
const nonBlocking = { scripts: [{ start_blocks_login: false }] } as Pick<WorkspaceAgent, 'scripts'>;

/** Answers the agent route with the given states in turn (the last one repeats) and logs once. */
function scripted(states: Partial<WorkspaceAgent>[]) {
  let i = 0;
  const client = {
    request: async (_method: string, path: string) => {
      if (path.includes('/logs')) return path.endsWith('after=0') ? [{ id: 1, created_at: 'T', output: 'script says hi', source_id: 's' }] : [];
      const state = states[Math.min(i++, states.length - 1)]!;
      return { log_sources: [{ id: 's', display_name: 'Startup Script' }], ...state };
    },
  } as unknown as Client;
  let out = '';
  const stderr = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
  return { client, stderr, out: () => out };
}

describe('waiting for the agent before ssh', () => {
  it('chooses to wait as Coder does', () => {
    expect(shouldWait('auto', blocking)).toBe(true);
    expect(shouldWait('auto', nonBlocking)).toBe(false);
    expect(shouldWait('yes', nonBlocking)).toBe(true);
    expect(shouldWait('no', blocking)).toBe(false);
    expect(() => parseWaitMode('maybe')).toThrow('--wait "maybe" must be one of yes, no or auto.');
    expect(envBool('X', 'T')).toBe(true);
    expect(envBool('X', '0')).toBe(false);
    expect(envBool('X', undefined)).toBeUndefined();
    expect(() => envBool('X', 'yes please')).toThrow('X="yes please" is not a boolean');
  });

  it('prints the stages and logs in order and returns once the scripts are done', async () => {
    const s = scripted([
      { status: 'connecting', lifecycle_state: 'created' },
      { status: 'connected', lifecycle_state: 'starting' },
      { status: 'connected', lifecycle_state: 'starting' },
      { status: 'connected', lifecycle_state: 'ready', started_at: '2024-01-01T00:00:00Z', ready_at: '2024-01-01T00:00:01.5Z' },
    ]);
    const agent = await awaitAgent(s.client, 'a', { wait: true, stderr: s.stderr, sleep: async () => undefined });
    expect(agent.lifecycle_state).toBe('ready');
    expect(s.out().split('\n').filter((l) => !l.startsWith('==> ℹ'))).toEqual([
      '==> ⧗ Waiting for the workspace agent to connect',
      '=== ✔ Waiting for the workspace agent to connect [0ms]',
      '==> ⧗ Running workspace agent startup scripts',
      'T Startup Script: script says hi',
      '=== ✔ Running workspace agent startup scripts [1500ms]',
      '',
    ]);
  });

  it('does not wait with --wait=no, and says the scripts still run', async () => {
    const s = scripted([{ status: 'connected', lifecycle_state: 'starting' }]);
    const agent = await awaitAgent(s.client, 'a', { wait: false, stderr: s.stderr, sleep: async () => undefined });
    expect(agent.lifecycle_state).toBe('starting');
    expect(s.out()).toContain('==> ⧗ Running workspace agent startup scripts (non-blocking)');
    expect(s.out()).toContain('Notice: The startup scripts are still running and your workspace may be incomplete.');
  });

  it('prints nothing for a ready agent and refuses one shutting down', async () => {
    const ready = scripted([{ status: 'connected', lifecycle_state: 'ready' }]);
    await awaitAgent(ready.client, 'a', { wait: true, stderr: ready.stderr });
    expect(ready.out()).toBe('');
    const off = scripted([{ status: 'disconnected', lifecycle_state: 'off' }]);
    await expect(awaitAgent(off.client, 'a', { wait: true, stderr: off.stderr })).rejects.toThrow('The workspace agent is shutting down');
  });
});
