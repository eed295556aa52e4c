/**
 * The agent's command line: `--version`, `--help`, and `agent [flags]`, as Coder's bootstrap script
 * runs them. Configuration comes from CODER_AGENT_*. The command is chosen before the rest of the
 * bundle is evaluated: `--version` loads only the version, `--help` the option table, and `agent`
 * the agent itself (the bundle's modules are wrapped so each is evaluated on its first import).
 * The one `coder` binary (packages/cli/src/binary.ts) comes here for `coder agent` before it loads
 * any of the CLI.
 */
import { agentVersionString } from './version';

type Options = typeof import('./options');

function help({ AGENT_OPTIONS }: Options): string {
  const lines = AGENT_OPTIONS.filter((o) => !o.hidden).map((o) => `  --${o.flag.padEnd(26)} ${o.env ? `$${o.env}` : ''}\n      ${o.description}${o.default ? ` (default: ${o.default})` : ''}`);
  return `Usage: coder agent\n\nStarts the workspace agent.\n\nOptions:\n${lines.join('\n')}\n`;
}

/** Parses `--flag value` / `--flag=value` for the table's flags over the environment's values. */
function parseArgs({ AGENT_OPTIONS, AgentOptionError, optionValuesFromEnv }: Options, argv: string[]) {
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

/**
 * Runs `coder agent [flags]` (also `--version` and `--help`); sets process.exitCode on a bad option.
 * `selfCommand` starts this program's CLI again (for git's askpass), when it has one.
 */
export async function runAgentCommand(argv: string[], selfCommand?: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version' || command === '-v') {
    process.stdout.write(`${agentVersionString()}\n`);
    return;
  }
  if (command === '--help' || command === '-h' || (command === 'agent' && rest.includes('--help'))) {
    process.stdout.write(help(await import('./options')));
    return;
  }
  if (command !== undefined && command !== 'agent') {
    process.stderr.write(`Unknown command "${command}". This binary runs the workspace agent: coder agent\n`);
    process.exitCode = 2;
    return;
  }
  // The V8 settings of ./memory apply before the agent's modules are loaded.
  await import('./memory');
  const options = await import('./options');
  const { runAgent } = await import('./agent');
  try {
    runAgent({ ...options.agentOptionsFromValues(parseArgs(options, rest)), handleSignals: true, selfCommand });
  } catch (err) {
    if (!(err instanceof options.AgentOptionError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}

