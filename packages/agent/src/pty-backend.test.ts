/** The fallbacks used when node-pty's addon is missing (node-pty itself is covered through the agent process). */
import { describe, expect, it } from 'vitest';
import { shellQuote, spawnTerminal, type Terminal } from './pty-backend';

async function runIn(kind: Terminal['kind']) {
  const t = await spawnTerminal({ file: '/bin/sh', args: ['-c', 'read line; echo "got:$line"; [ -t 0 ] && echo tty || echo notty; exit 5'], cwd: '/', env: { PATH: '/usr/bin:/bin' }, cols: 80, rows: 24 }, kind);
  let out = '';
  t.onData((d) => (out += d.toString()));
  const code = await new Promise<number>((resolve) => {
    t.onExit((c) => resolve(c));
    t.write('hello\n');
  });
  await new Promise((r) => setTimeout(r, 50));
  return { kind: t.kind, out, code };
}

describe('terminal fallbacks', () => {
  it('uses script(1) for a real tty without node-pty', async () => {
    const r = await runIn('script');
    expect(r.kind).toBe('script');
    expect(r.out).toContain('got:hello');
    expect(r.out).toContain('tty');
    expect(r.out).not.toContain('notty');
    expect(r.code).toBe(5);
  });

  it('runs on plain pipes as the last resort', async () => {
    const r = await runIn('pipe');
    expect(r.kind).toBe('pipe');
    expect(r.out).toContain('got:hello');
    expect(r.out).toContain('notty');
    expect(r.code).toBe(5);
  });

  it('quotes arguments for the shell', () => {
    expect(shellQuote('plain-arg_1.txt')).toBe('plain-arg_1.txt');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
  });
});
