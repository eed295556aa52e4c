/**
 * `warren stat` (run inside a workspace): CPU, memory and disk use as Coder's `coder stat` prints
 * them, container-aware (cgroup v1 and v2). `stat cpu`, `stat mem` and `stat disk` print one value.
 */
import os from 'node:os';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { collect, formatTable } from '../output';
import { formatResult, isPrefix, PREFIXES, type Prefix, type StatResult } from '../stat/result';
import { Statter } from '../stat/statter';

const COLUMNS = ['host cpu', 'host memory', 'home disk', 'container cpu', 'container memory'] as const;
const KEYS: Record<(typeof COLUMNS)[number], string> = {
  'host cpu': 'host_cpu',
  'host memory': 'host_memory',
  'home disk': 'home_disk',
  'container cpu': 'container_cpu',
  'container memory': 'container_memory',
};

function outputOf(cmd: Command, allowed: string[], fallback: string): string {
  // `stat` itself declares -o and commander hands it the flag wherever it appears: read both levels.
  const output = (cmd.optsWithGlobals<{ output?: string }>().output ?? fallback).toLowerCase();
  if (!allowed.includes(output)) throw new CliError(`Unknown output format "${output}": use ${allowed.map((f) => `"${f}"`).join(' or ')}.`);
  return output;
}

function prefixOf(value: string | undefined): Prefix {
  const prefix = value ?? 'Gi';
  if (!isPrefix(prefix)) throw new CliError(`--prefix "${prefix}" is not one of ${Object.keys(PREFIXES).join(', ')}.`);
  return prefix;
}

function printOne(ctx: CommandContext, cmd: Command, result: StatResult | null, prefix?: Prefix): void {
  const output = outputOf(cmd, ['text', 'json'], 'text');
  ctx.print(output === 'json' ? JSON.stringify(result) : formatResult(result, prefix));
}

async function measureAll(statter: Statter) {
  const [hostCpu, containerCpu] = await Promise.all([statter.hostCpu(), statter.containerCpu()]);
  return {
    host_cpu: hostCpu,
    host_memory: await statter.hostMemory(),
    home_disk: await statter.disk(os.homedir()),
    container_cpu: containerCpu,
    container_memory: await statter.containerMemory(),
  };
}

export function registerStat(program: Command, ctx: CommandContext): void {
  const makeStatter = () => new Statter();
  const stat = program
    .command('stat')
    .description('Show resource usage for the current workspace')
    .option('-c, --column <columns>', `columns to show (repeatable or comma-separated): ${COLUMNS.join(', ')}`, collect)
    .option('-o, --output <format>', 'table or json (default: table)')
    .action(async function (this: Command) {
      const output = outputOf(this, ['table', 'json'], 'table');
      const wanted = (this.opts<{ column?: string[] }>().column ?? [...COLUMNS]).flatMap((c) => c.split(',')).map((c) => c.trim().toLowerCase().replaceAll('_', ' '));
      const unknown = wanted.find((c) => !(COLUMNS as readonly string[]).includes(c));
      if (unknown !== undefined) throw new CliError(`Unknown column "${unknown}". Available columns: ${COLUMNS.join(', ')}.`);
      const row = await measureAll(makeStatter());
      if (output === 'json') return ctx.print(JSON.stringify([row], null, 2));
      const cells = Object.fromEntries(COLUMNS.map((c) => [c, formatResult(row[KEYS[c] as keyof typeof row], c.includes('memory') || c.includes('disk') ? 'Gi' : undefined)]));
      ctx.io.stdout.write(formatTable([cells], wanted));
    });

  stat
    .command('cpu')
    .description('Show CPU usage, in cores')
    .option('--host', 'force host CPU measurement')
    .option('-o, --output <format>', 'text or json (default: text)')
    .action(async function (this: Command) {
      const flags = this.opts<{ host?: boolean }>();
      outputOf(this, ['text', 'json'], 'text');
      const statter = makeStatter();
      const inContainer = !flags.host && (await statter.isContainerized());
      printOne(ctx, this, inContainer ? await statter.containerCpu() : await statter.hostCpu());
    });

  stat
    .command('mem')
    .description('Show memory usage, in gigabytes')
    .option('--host', 'force host memory measurement')
    .option('--prefix <prefix>', 'SI prefix for memory measurement: Ki, Mi, Gi or Ti (default: Gi)')
    .option('-o, --output <format>', 'text or json (default: text)')
    .action(async function (this: Command) {
      const flags = this.opts<{ host?: boolean; prefix?: string }>();
      const prefix = prefixOf(flags.prefix);
      outputOf(this, ['text', 'json'], 'text');
      const statter = makeStatter();
      const inContainer = !flags.host && (await statter.isContainerized());
      printOne(ctx, this, inContainer ? await statter.containerMemory() : await statter.hostMemory(), prefix);
    });

  stat
    .command('disk')
    .description('Show disk usage, in gigabytes')
    .argument('[path]', 'the path to check (same as --path)')
    .option('--path <path>', 'path for which to check disk usage (default: /)')
    .option('--prefix <prefix>', 'SI prefix for disk measurement: Ki, Mi, Gi or Ti (default: Gi)')
    .option('-o, --output <format>', 'text or json (default: text)')
    .action(async function (this: Command, arg: string | undefined) {
      const flags = this.opts<{ path?: string; prefix?: string }>();
      const prefix = prefixOf(flags.prefix);
      outputOf(this, ['text', 'json'], 'text');
      const target = arg ?? flags.path ?? '/';
      const result = await makeStatter()
        .disk(target)
        .catch((err: NodeJS.ErrnoException) => {
          throw new CliError(err.code === 'ENOENT' ? `Path "${target}" does not exist.` : `Cannot measure disk usage of "${target}": ${err.message}`);
        });
      printOne(ctx, this, result, prefix);
    });
}
