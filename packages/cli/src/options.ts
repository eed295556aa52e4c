import type { OptionSpec, OptionValues } from '@warren/sdk';
import { Option, type Command } from 'commander';

/** Adds an option table's flags to a command; help shows each option's env name and default. */
export function addOptionTable(cmd: Command, table: OptionSpec[]): Command {
  for (const spec of table) {
    // Booleans take --flag or --flag=true|false (see flags.ts), never the next argument.
    const long = spec.kind === 'bool' ? `--${spec.flag}` : `--${spec.flag} <${spec.kind === 'duration' ? 'duration' : 'value'}>`;
    const flag = spec.short ? `-${spec.short}, ${long}` : long;
    const help = [spec.description, spec.env ? `(env: ${spec.env})` : '', spec.default !== undefined ? `(default: ${spec.default})` : '']
      .filter(Boolean)
      .join(' ');
    const option = new Option(flag, help);
    if (spec.kind === 'list') option.argParser((value: string, prev: string[] | undefined) => [...(prev ?? []), value]);
    if (spec.hidden) option.hideHelp();
    cmd.addOption(option);
  }
  return cmd;
}

/** Values by flag name: the flag if given, else the environment variable, else the default. */
export function readOptionTable(cmd: Command, table: OptionSpec[], env: Record<string, string | undefined>): OptionValues {
  // With globals: `warren server --global-config X` hands X to the root's flag of the same name.
  const opts = cmd.optsWithGlobals<Record<string, unknown>>();
  const values: OptionValues = {};
  for (const spec of table) {
    const key = spec.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const given = opts[key];
    if (given !== undefined) {
      values[spec.flag] = typeof given === 'boolean' ? String(given) : (given as string | string[]);
    } else if (spec.env && env[spec.env] !== undefined) {
      const raw = env[spec.env]!;
      values[spec.flag] = spec.kind === 'list' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    } else {
      values[spec.flag] = spec.default;
    }
  }
  return values;
}
