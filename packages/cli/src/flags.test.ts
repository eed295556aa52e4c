import { createServer } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { Command, type Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeThrown } from './context';
import { applyCoderFlagSyntax, parseBool } from './flags';
import type { CliIO } from './io';
import { buildProgram } from './main';
import { collect, writeList } from './output';
import { runCli } from './test-io';

function quietIO(): CliIO {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  return { stdout: sink, stderr: sink, stdin: new PassThrough(), env: {}, interactive: false };
}

/** Every command of the real program with its boolean flags, and a way to see what it parsed. */
async function commandsWithBooleans() {
  const program = await buildProgram(quietIO());
  const found: Array<{ path: string[]; cmd: Command; option: Option }> = [];
  const visit = (cmd: Command, path: string[]) => {
    for (const option of cmd.options) {
      if (!option.required && !option.optional && !option.negate && option.long && option.long !== '--version') found.push({ path, cmd, option });
    }
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return { program, found };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('boolean flags', () => {
  it("reads Go's boolean words", () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(parseBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(parseBool(f)).toBe(false);
    for (const x of ['', 'yes', 'no', 'tRuE', '2']) expect(parseBool(x)).toBeUndefined();
  });

  it('accept --flag, --flag=true and --flag=false on every command, without taking the next argument', async () => {
    const { found } = await commandsWithBooleans();
    expect(found.length).toBeGreaterThan(15);
    const checked: string[] = [];
    for (const { path, option } of found) {
      for (const [form, expected] of [[option.long!, true], [`${option.long}=true`, true], [`${option.long}=false`, false], [`${option.long}=0`, false]] as const) {
        // A fresh program each time: commander keeps parsed values on the command objects.
        const { program, found: again } = await commandsWithBooleans();
        const target = again.find((f) => f.path.join(' ') === path.join(' ') && f.option.long === option.long)!;
        let seen: unknown = 'not run';
        for (const f of again) f.cmd.action(() => undefined);
        target.cmd.action(() => {
          seen = target.cmd.getOptionValue(option.attributeName());
        });
        const operands = target.cmd.registeredArguments.filter((a) => a.required).map(() => 'operand');
        const mandatory = target.cmd.options.filter((o) => o.mandatory).flatMap((o) => [o.long!, 'value']);
        await program.parseAsync([...path, form, ...mandatory, ...operands], { from: 'user' });
        expect(seen, `warren ${path.join(' ')} ${form}`).toBe(expected);
      }
      checked.push(`${path.join(' ')} ${option.long}`);
    }
    expect(checked).toContain('login --first-user-trial');
    expect(checked).toContain('server --verbose');
  }, 120_000);

  it('refuses a word that is not a boolean with a sentence', async () => {
    const r = await runCli(['login', '--first-user-trial=maybe']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: --first-user-trial takes true or false, not "maybe".');
  });

  it('lets `warren login --first-user-trial=false` through to the login itself', async () => {
    const port = await freePort();
    const r = await runCli(['login', `http://127.0.0.1:${port}`, '--first-user-trial=false']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Could not reach the server: ECONNREFUSED\. Is the URL right and the server running\?\n$/);
  });

  it('sets the values of option-table booleans, over their environment variables', async () => {
    const { program, found } = await commandsWithBooleans();
    const server = found.find((f) => f.path.join(' ') === 'server')!.cmd;
    const { readOptionTable } = await import('./options');
    const { SERVER_OPTIONS } = await import('@warren/server/config/options');
    let values: Record<string, unknown> = {};
    server.action(() => {
      values = readOptionTable(server, SERVER_OPTIONS, { CODER_VERBOSE: 'true' });
    });
    await program.parseAsync(['server', '--verbose=false', '--prometheus-enable', '--global-config', '/tmp/somewhere'], { from: 'user' });
    expect(values).toMatchObject({ verbose: 'false', 'prometheus-enable': 'true', 'global-config': '/tmp/somewhere' });
  });
});

describe('values', () => {
  function program() {
    const seen: Record<string, unknown>[] = [];
    const root = new Command('x').exitOverride().configureOutput({ writeErr: () => undefined });
    root
      .command('list')
      .option('-o, --output <format>', 'table or json', 'table')
      .option('-c, --column <column>', 'columns', collect)
      .option('--lifetime <duration>', 'how long')
      .action((opts: Record<string, unknown>) => void seen.push(opts));
    applyCoderFlagSyntax(root);
    return { root, seen };
  }

  it('checks durations with Go syntax and says what is wrong', async () => {
    const { root, seen } = program();
    await root.parseAsync(['list', '--lifetime', '1h30m'], { from: 'user' });
    expect(seen[0]!.lifetime).toBe('1h30m');
    for (const [bad, why] of [['5 days', '" days" is not a unit'], ['90', '"90" has no unit'], ['-1h', 'is negative']]) {
      const { root: again } = program();
      const err = await again.parseAsync(['list', '--lifetime', bad!], { from: 'user' }).then(() => undefined, (e: Error) => e);
      expect(err?.message).toContain(why);
    }
  });

  it('takes comma-separated and repeated columns, and upper-case formats', async () => {
    const { root, seen } = program();
    await root.parseAsync(['list', '-c', 'Name,ID', '--column', 'created at', '-o', 'JSON'], { from: 'user' });
    expect(seen[0]).toMatchObject({ column: ['name', 'id', 'created at'], output: 'json' });
  });

  it('refuses an unknown column or format with a sentence naming the valid ones', () => {
    const out = new Writable({ write: (_c, _e, cb) => cb() });
    const list = (opts: { output?: string; column?: string[] }) => writeList(out, opts, [{ name: 'a' }], (r: { name: string }) => r, ['name', 'id'], ['name']);
    expect(() => list({ column: ['name', 'bogus'] })).toThrow('Unknown column "bogus". Available columns: name, id.');
    expect(() => list({ output: 'yaml' })).toThrow('Unknown output format "yaml": use "table" or "json".');
  });
});

describe('errors as sentences', () => {
  it('never prints undefined, an empty message or a stack', () => {
    expect(describeThrown(undefined)).toBe('An unexpected error occurred, with no detail about it.');
    expect(describeThrown(null)).toBe('An unexpected error occurred, with no detail about it.');
    expect(describeThrown('')).toBe('An unexpected error occurred, with no detail about it.');
    expect(describeThrown(new Error(''))).toBe('An unexpected error occurred, with no message.');
    expect(describeThrown(new TypeError(''))).toBe('An unexpected TypeError occurred, with no message.');
    expect(describeThrown(Object.assign(new Error(''), { code: 'EPIPE' }))).toBe('An unexpected error occurred (EPIPE), with no message.');
    expect(describeThrown(new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:1')], ''))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(describeThrown(new Error('', { cause: new Error('the real reason') }))).toBe('the real reason');
    expect(describeThrown({ status: 3 })).toBe('An unexpected error occurred: {"status":3}.');
    expect(describeThrown(42)).toBe('An unexpected error occurred: 42.');
  });

  it('prints a sentence and exits 1 when a command throws undefined', async () => {
    const io = quietIO();
    let stderr = '';
    io.stderr = new Writable({ write: (c, _e, cb) => ((stderr += String(c)), cb()) });
    const { run } = await import('./main');
    const { CommandContext } = await import('./context');
    // `warren whoami` through the real printer, its client lookup rejecting with undefined.
    const original = CommandContext.prototype.client;
    CommandContext.prototype.client = () => Promise.reject(undefined);
    try {
      expect(await run(['whoami'], io)).toBe(1);
    } finally {
      CommandContext.prototype.client = original;
    }
    expect(stderr).toBe('error: An unexpected error occurred, with no detail about it.\n');
  });
});
