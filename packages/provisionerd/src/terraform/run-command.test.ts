import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.testkit.js';
import { runCommand } from './run-command.js';

const base = { cwd: os.tmpdir(), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, killGraceMs: 30_000 };

describe('runCommand', () => {
  it('streams lines and collects the streams without a callback', async () => {
    const lines: string[] = [];
    const result = await runCommand({
      ...base,
      clock: new ManualClock(),
      binary: 'sh',
      args: ['-c', 'printf "one\\ntwo"; echo oops >&2; exit 3'],
      onStdoutLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['one', 'two']);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: 'oops\n', canceled: false });
  });

  it('passes only the given environment', async () => {
    const result = await runCommand({ ...base, env: { ONLY: 'this' }, clock: new ManualClock(), binary: '/usr/bin/env', args: [] });
    expect(result.stdout).toBe('ONLY=this\n');
  });

  it('interrupts on abort and kills the process group after the grace period', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const running = runCommand({
      ...base,
      clock,
      signal: controller.signal,
      binary: 'sh',
      // Ignores SIGINT, and has a child holding the output pipe open.
      args: ['-c', 'trap "" INT; echo ready; sleep 30 & wait'],
      onStdoutLine: (line) => {
        if (line === 'ready') controller.abort();
      },
    });
    await expect.poll(() => clock.pending).toBe(1);
    clock.advance(29_999);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    const result = await running;
    expect(result.canceled).toBe(true);
    expect(result.exitCode).toBeNull();
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCommand({ ...base, clock: new ManualClock(), signal: controller.signal, binary: 'sh', args: ['-c', 'exit 0'] });
    expect(result.canceled).toBe(true);
  });

  it('rejects when the binary cannot be started', async () => {
    await expect(runCommand({ ...base, clock: new ManualClock(), binary: '/nonexistent/terraform', args: [] })).rejects.toThrow(/ENOENT/);
  });
});
