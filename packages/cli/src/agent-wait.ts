/**
 * Waiting for a workspace agent before connecting to it, as Coder's CLI does (`cliui.Agent`):
 * first for the agent to connect, then, when asked to wait (`--wait yes`, or `auto` with a start
 * script that blocks login), for its startup scripts to finish, printing their logs. Progress goes
 * to stderr in Coder's stage lines (`==> ⧗ stage`, `=== ✔ stage [Nms]`), so OpenSSH shows it when
 * `warren ssh --stdio` is its ProxyCommand.
 */
import type { Writable } from 'node:stream';
import type { Client, WorkspaceAgent } from '@warren/sdk';
import { CliError } from './io';

export type WaitMode = 'yes' | 'no' | 'auto';

export interface AgentLog {
  id: number;
  created_at: string;
  output: string;
  level?: string;
  source_id?: string;
}

export interface AwaitAgentOptions {
  wait: boolean;
  stderr: Writable;
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const STARTING = new Set(['created', 'starting']);
const SHUTTING_DOWN = new Set(['shutting_down', 'shutdown_timeout', 'shutdown_error', 'off']);

/** Whether to wait for the startup scripts: `auto` waits when a start script blocks login. */
export function shouldWait(mode: WaitMode, agent: Pick<WorkspaceAgent, 'scripts'>): boolean {
  if (mode === 'yes') return true;
  if (mode === 'no') return false;
  return (agent.scripts ?? []).some((s) => s.start_blocks_login);
}

export function parseWaitMode(value: string): WaitMode {
  if (value === 'yes' || value === 'no' || value === 'auto') return value;
  throw new CliError(`--wait "${value}" must be one of yes, no or auto.`);
}

const millis = (a: string | undefined, b: string | undefined): number => (a && b ? Math.max(0, Date.parse(a) - Date.parse(b)) : 0);

/** Resolves with the agent once it is connected (and its startup scripts done, when waiting). */
export async function awaitAgent(client: Client, agentId: string, opts: AwaitAgentOptions): Promise<WorkspaceAgent> {
  const { stderr } = opts;
  const interval = opts.intervalMs ?? 500;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const fetchAgent = () => client.request<WorkspaceAgent>('GET', `/api/v2/workspaceagents/${encodeURIComponent(agentId)}`);
  const start = (stage: string) => stderr.write(`==> ⧗ ${stage}\n`);
  const end = (stage: string, ms: number, ok = true) => stderr.write(`=== ${ok ? '✔' : '✘'} ${stage} [${ms}ms]\n`);
  const pollWhile = async (agent: WorkspaceAgent, cond: (a: WorkspaceAgent) => boolean) => {
    while (cond(agent)) {
      await sleep(interval);
      agent = await fetchAgent();
    }
    return agent;
  };

  let agent = await fetchAgent();
  let showLogs = false;
  for (;;) {
    if (SHUTTING_DOWN.has(agent.lifecycle_state)) throw new CliError('The workspace agent is shutting down; start the workspace again to connect.');
    if (agent.status === 'connecting' || agent.status === 'timeout') {
      const stage = 'Waiting for the workspace agent to connect';
      start(stage);
      if (agent.status === 'timeout') stderr.write('The workspace agent is having trouble connecting, wait for it to connect or restart your workspace.\n');
      agent = await pollWhile(agent, (a) => a.status === 'connecting' || a.status === 'timeout');
      end(stage, millis(agent.first_connected_at, agent.created_at));
      showLogs = true;
    } else if (agent.status === 'disconnected') {
      const stage = 'The workspace agent lost connection';
      start(stage);
      stderr.write('Wait for it to reconnect or restart your workspace.\n');
      showLogs = STARTING.has(agent.lifecycle_state);
      const since = agent.disconnected_at;
      agent = await pollWhile(agent, (a) => a.status === 'disconnected');
      end(stage, millis(agent.last_connected_at, since));
    } else {
      break;
    }
  }
  if (!showLogs && agent.lifecycle_state === 'ready') return agent;

  const follow = opts.wait && STARTING.has(agent.lifecycle_state);
  const stage = `Running workspace agent startup scripts${follow ? '' : ' (non-blocking)'}`;
  start(stage);
  if (follow) stderr.write('==> ℹ︎ To connect immediately, reconnect with --wait=no or CODER_SSH_WAIT=no, see --help for more information.\n');
  const sources = new Map((agent.log_sources ?? []).map((s) => [s.id, s.display_name]));
  let after = 0;
  const printLogs = async () => {
    const logs = await client.request<AgentLog[]>('GET', `/api/v2/workspaceagents/${encodeURIComponent(agentId)}/logs?after=${after}`);
    for (const log of logs) {
      const source = log.source_id ? sources.get(log.source_id) : undefined;
      stderr.write(`${log.created_at} ${source ? `${source}: ` : ''}${log.output}\n`);
      after = log.id;
    }
  };
  await printLogs();
  if (follow) {
    while (STARTING.has(agent.lifecycle_state)) {
      await sleep(interval);
      agent = await fetchAgent();
      await printLogs();
    }
  }
  switch (agent.lifecycle_state) {
    case 'ready':
      end(stage, millis(agent.ready_at, agent.started_at));
      break;
    case 'start_timeout':
      end(stage, millis(agent.ready_at, agent.started_at), false);
      stderr.write('Warning: A startup script timed out and your workspace may be incomplete.\n');
      break;
    case 'start_error':
      end(stage, millis(agent.ready_at, agent.started_at), false);
      stderr.write('Warning: A startup script exited with an error and your workspace may be incomplete.\n');
      break;
    default:
      if (STARTING.has(agent.lifecycle_state)) stderr.write('Notice: The startup scripts are still running and your workspace may be incomplete.\n');
      else if (SHUTTING_DOWN.has(agent.lifecycle_state)) throw new CliError('The workspace agent is shutting down; start the workspace again to connect.');
  }
  return agent;
}
