import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { addOptionTable, readOptionTable } from '../options';
import { selfCommand } from '../self';

/**
 * `warren agent`: the workspace agent, as the one-file binary runs it (`coder agent`). Its package
 * is loaded only when this command runs; SIGTERM/SIGINT shut it down gracefully, then exit.
 */
export async function registerAgent(program: Command, ctx: CommandContext): Promise<void> {
  const { AGENT_OPTIONS } = await import('@warren/agent/options');
  const cmd = program.command('agent').description('Run the workspace agent (configured by CODER_AGENT_URL, CODER_AGENT_TOKEN, ...)');
  addOptionTable(cmd, AGENT_OPTIONS).action(async () => {
    const { runAgent, agentOptionsFromValues, AgentOptionError } = await import('@warren/agent');
    try {
      runAgent({ ...agentOptionsFromValues(readOptionTable(cmd, AGENT_OPTIONS, ctx.io.env)), handleSignals: true, selfCommand: selfCommand() });
    } catch (err) {
      if (err instanceof AgentOptionError) throw new CliError(err.message);
      throw err;
    }
    // The agent runs until a signal; its handler exits the process once it has shut down.
    await new Promise<never>(() => undefined);
  });
}
