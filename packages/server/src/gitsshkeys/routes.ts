/**
 * Coder's Git SSH key routes: a user's public key (`GET`, and `PUT` to regenerate it) and, for a
 * workspace agent authenticated by its token, the key pair of the workspace's owner.
 */
import type { FastifyInstance } from 'fastify';
import { authenticateAgent } from '../agents/agent-auth';
import type { ServerContext } from '../context';
import { actorOf } from '../http/app';
import * as service from './service';

export function registerGitSshKeyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { user: string } }>('/api/v2/users/:user/gitsshkey', async (req) =>
    service.getUserGitSshKey(ctx, actorOf(req), req.params.user),
  );

  app.put<{ Params: { user: string } }>('/api/v2/users/:user/gitsshkey', async (req) =>
    service.regenerateUserGitSshKey(ctx, actorOf(req), req.params.user),
  );

  app.get('/api/v2/workspaceagents/me/gitsshkey', { config: { public: true } }, async (req) => {
    const agent = await authenticateAgent(ctx, req);
    return service.agentGitSshKey(ctx, agent.owner_id);
  });
}
