/**
 * Entry of the one-file agent binary (`coder-linux-amd64`): `coder --version`, then
 * `coder agent`, as Coder's bootstrap script runs it. Configuration comes from CODER_AGENT_*.
 */
import './memory';
import { runAgent } from './agent';
import { AGENT_OPTIONS, AgentOptionError, agentOptionsFromValues, optionValuesFromEnv } from './options';
import { agentVersionString } from './version';

function help(): string {
  const lines = AGENT_OPTIONS.filter((o) => !o.hidden).map((o) => `  --${o.flag.padEnd(26)} ${o.env ? `$${o.env}` : ''}\n      ${o.description}${o.default ? ` (default: ${o.default})` : ''}`);
  return `Usage: coder agent\n\nStarts the workspace agent.\n\nOptions:\n${lines.join('\n')}\n`;
}

/** Parses `--flag value` / `--flag=value` for the table's flags over the environment's values. */
function parseArgs(argv: string[]) {
  const values = optionValuesFromEnv();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const spec = AGENT_OPTIONS.find((o) => o.flag === name);
    if (!spec) throw new AgentOptionError(`Unknown option --${name}.`);
    if (spec.kind === 'bool') values[name] = inline === undefined ? true : inline === 'true';
    else values[name] = inline ?? argv[++i];
  }
  return values;
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version' || command === '-v') {
    process.stdout.write(`${agentVersionString()}\n`);
    return;
  }
  if (command === '--help' || command === '-h' || (command === 'agent' && rest.includes('--help'))) {
    process.stdout.write(help());
    return;
  }
  if (command !== undefined && command !== 'agent') {
    process.stderr.write(`Unknown command "${command}". This binary runs the workspace agent: coder agent\n`);
    process.exitCode = 2;
    return;
  }
  try {
    runAgent({ ...agentOptionsFromValues(parseArgs(rest)), handleSignals: true });
  } catch (err) {
    if (!(err instanceof AgentOptionError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2));
