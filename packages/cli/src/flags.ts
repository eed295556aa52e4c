/**
 * Flag syntax as Coder's CLI accepts it, applied to every command of the program at once:
 * - a boolean flag takes `--flag`, `--flag=true` or `--flag=false` (Go's strconv.ParseBool words),
 *   and never consumes the next argument;
 * - a `<duration>` value is checked against Go's time.ParseDuration syntax (`720h`, `1h30m`);
 * - `-c/--column` takes comma-separated lists as well as repeats, case-insensitive;
 * - `-o/--output` is case-insensitive.
 */
import { parseDuration } from '@warren/sdk';
import { type Command, InvalidArgumentError, type Option } from 'commander';

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool; undefined for anything else. */
export function parseBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return undefined;
}

const isBoolean = (o: Option) => !o.required && !o.optional && !o.negate;

/** Rewrites `--flag=value` of this command's boolean flags; `false` sets the value itself. */
function booleanAssignments(cmd: Command, args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const m = /^(--[^=]+)=(.*)$/s.exec(arg);
    const option = m ? cmd.options.find((o) => o.long === m[1] && isBoolean(o)) : undefined;
    if (!m || !option) {
      out.push(arg);
      continue;
    }
    const value = parseBool(m[2]!);
    if (value === undefined) cmd.error(`error: ${m[1]} takes true or false, not "${m[2]}".`, { code: 'warren.invalidBoolean' });
    if (value) out.push(m[1]!);
    else cmd.setOptionValueWithSource(option.attributeName(), false, 'cli');
  }
  return out;
}

/** Puts a check or rewrite of each value in front of the option's own parser, if any. */
function beforeParse(option: Option, check: (value: string) => string): void {
  const own = option.parseArg;
  option.argParser((value: string, previous: unknown) => (own ? own(check(value), previous) : check(value)) as never);
}

/** `-c a,b -c c` gives the own parser (usually `collect`) each name as if the flag were repeated. */
function columnParser(option: Option): void {
  const own = option.parseArg;
  option.argParser((value: string, previous: unknown) => {
    const parts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (parts.length === 0) throw new InvalidArgumentError('Name at least one column.');
    return (own ? parts.reduce((acc, part) => own(part, acc), previous) : [...((previous as string[] | undefined) ?? []), ...parts]) as never;
  });
}

function durationParser(option: Option): void {
  beforeParse(option, (value) => {
    let ms = 0;
    try {
      ms = parseDuration(value);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
    if (ms < 0) throw new InvalidArgumentError(`"${value}" is negative; give a duration of 0 or more.`);
    return value;
  });
}

/** Applies Coder's flag syntax to `program` and every command under it. */
export function applyCoderFlagSyntax(program: Command): void {
  const visit = (cmd: Command) => {
    const parseOptions = cmd.parseOptions.bind(cmd);
    cmd.parseOptions = (args: string[]) => parseOptions(booleanAssignments(cmd, args));
    for (const option of cmd.options) {
      if (option.long === '--column' && option.required) columnParser(option);
      else if (option.long === '--output' && option.required) beforeParse(option, (v) => v.trim().toLowerCase());
      else if (option.required && /<duration>/.test(option.flags)) durationParser(option);
    }
    cmd.commands.forEach(visit);
  };
  visit(program);
}
