/**
 * An agent started before its workspace's build has completed (its binary was cached, so it is
 * up within milliseconds) asks for its manifest with a token the server does not know yet: the
 * agent row is written when the build job completes. Instead of answering 401 at once (the agent
 * would back off exponentially and come back late), the manifest request is held, re-checking
 * the token, while some workspace build is running, until the build has completed or
 * PENDING_AGENT_WAIT_MS has passed. A token no running build can produce is refused at once.
 */
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { anyWorkspaceBuildRunning } from '../db/queries/provisioner-jobs';
import type { AgentWithBuild } from '../db/queries/workspace-agents';
import { ApiError } from '../http/errors';
import { authenticateAgent } from './agent-auth';

/** How long a manifest request waits for its build; agents give up on a request after 30 s. */
export const PENDING_AGENT_WAIT_MS = 15_000;

export interface AgentWaitOptions {
  timeoutMs?: number;
  /** Between checks: fast at first (a build usually completes within a second), slower later. */
  stepMs?: (elapsedMs: number) => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Whether the error says only that no build has produced this agent token yet. */
export function isPendingAgent(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'unauthorized' && (err.detail ?? '').startsWith('The agent cannot authenticate until');
}

/**
 * Waits for `authenticate` to stop failing with a pending-build error, within the time allowed;
 * `isGone` ends the wait early (the client left, or nothing could produce the agent).
 */
export async function untilAgentBuilt<T>(authenticate: () => Promise<T>, isGone: () => boolean | Promise<boolean>, opts: AgentWaitOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const stepMs = opts.stepMs ?? ((elapsed) => (elapsed < 3000 ? 20 : 100));
  const started = now();
  for (;;) {
    try {
      return await authenticate();
    } catch (err) {
      const elapsed = now() - started;
      if (!isPendingAgent(err) || elapsed >= (opts.timeoutMs ?? PENDING_AGENT_WAIT_MS) || (await isGone())) throw err;
      await sleep(stepMs(elapsed));
    }
  }
}

/** authenticateAgent for the manifest request: held while the agent's build has not completed. */
export function authenticateAgentWhenBuilt(ctx: ServerContext, req: FastifyRequest): Promise<AgentWithBuild> {
  const gone = async () => req.raw.destroyed || req.raw.socket?.destroyed === true || !(await anyWorkspaceBuildRunning(ctx.db));
  return untilAgentBuilt(() => authenticateAgent(ctx, req), gone);
}
