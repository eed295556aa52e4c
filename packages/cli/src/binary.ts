/**
 * Entry of the one `coder` binary served at /bin/coder-<os>-<arch>: the workspace agent and the
 * CLI in one program, as Coder ships it. The command is chosen from argv before anything else is
 * loaded: `coder agent` evaluates only the agent's modules (the bundle wraps each module so it is
 * evaluated on its first import), `coder --version` only the version line, and every other command
 * the CLI, whose code the build keeps in a chunk of its own (binary-cli.ts) that only those commands
 * compile. The program answers to `coder` or `warren` after the name it was started by.
 */
import { invokedName } from './self';
import { versionLine } from './version-text';

async function main(argv: string[]): Promise<void> {
  const command = argv[0];
  if (command === 'agent') {
    const { runAgentCommand } = await import('@warren/agent/command');
    await runAgentCommand(argv, [process.execPath]);
    return;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${versionLine()}\n`);
    return;
  }
  const { runCli } = await import('./binary-cli');
  const code = await runCli(argv, [process.execPath], invokedName(process.argv0 || process.execPath));
  // Exit now rather than when idle keep-alive sockets close.
  process.exit(code);
}

void main(process.argv.slice(2));
