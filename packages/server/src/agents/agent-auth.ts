import type { FastifyRequest } from 'fastify';
import { authorize, type Actor } from '../authz/policy';
import { tokenFromRequest } from '../auth/authenticate';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { publishWorkspaceChange } from '../db/pubsub';
import { getAgentByToken, getAgentWithBuild, type AgentWithBuild } from '../db/queries/workspace-agents';
import { ApiError, notFound } from '../http/errors';
import { isUuid, parseUuid } from '../http/validate';

/** Pubsub channels of one agent (payloads are empty: subscribers re-read). */
export const agentChannels = {
  logs: (agentId: string) => `workspace_agent_logs:${agentId}`,
  metadata: (agentId: string) => `workspace_agent_metadata:${agentId}`,
};

const notAuthorized = (detail: string) => new ApiError('unauthorized', 'Workspace agent not authorized.', detail);

/**
 * The agent a request's `Coder-Session-Token` (an agent token) belongs to. The agent must be part
 * of its workspace's latest build, as in Coder; `duringStop` also accepts the agent of the build
 * just before a stop or delete build that is still running, so an agent that is being shut down by
 * that build can report its final lifecycle state and logs.
 */
export function authenticateAgent(ctx: ServerContext, req: FastifyRequest, duringStop = false): Promise<AgentWithBuild> {
  return authenticateAgentToken(ctx, tokenFromRequest(req), duringStop);
}

/** As authenticateAgent, for a token read off a request the router does not see. */
export async function authenticateAgentToken(ctx: ServerContext, token: string | undefined, duringStop = false): Promise<AgentWithBuild> {
  if (!token) throw notAuthorized('Cookie "coder_session_token" or header "Coder-Session-Token" must be provided.');
  if (!isUuid(token)) throw notAuthorized(`Agent token "${token.slice(0, 40)}" is not a valid UUID.`);
  const agent = await getAgentByToken(ctx.db, token.toLowerCase());
  if (!agent || agent.workspace_deleted) {
    throw notAuthorized('The agent cannot authenticate until the workspace provision job has been completed. If the job is no longer running, this agent is invalid.');
  }
  if (agent.build_number !== agent.latest_build_number) {
    const stopping = duringStop && agent.latest_transition !== 'start' && !agent.latest_job_completed && agent.latest_build_number === agent.build_number + 1;
    if (!stopping) throw notAuthorized('Agent trying to authenticate from non-latest build.');
  }
  return agent;
}

const workspaceObj = (a: AgentWithBuild) => ({ type: 'workspace' as const, ownerId: a.owner_id, organizationId: a.organization_id });

/** An agent the actor may read (404 otherwise, even when the id exists). */
export async function resolveAgent(ctx: ServerContext, actor: Actor, ref: string): Promise<AgentWithBuild> {
  const agent = await getAgentWithBuild(ctx.db, parseUuid(ref, 'workspaceagent'));
  if (!agent) throw notFound();
  authorize(actor, 'read', workspaceObj(agent));
  return agent;
}

/** An agent the actor may open terminals, SSH and TCP connections to (404 / 403 otherwise). */
export async function resolveAgentToConnect(ctx: ServerContext, actor: Actor, ref: string): Promise<AgentWithBuild> {
  const agent = await resolveAgent(ctx, actor, ref);
  authorize(actor, 'update', workspaceObj(agent));
  return agent;
}

/** Tells watchers of the agent's workspace (`/watch`) that something changed. */
export async function publishWorkspace(q: Queryable, agent: { workspace_id: string }): Promise<void> {
  await publishWorkspaceChange(q, agent.workspace_id);
}
