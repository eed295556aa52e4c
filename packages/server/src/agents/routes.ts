import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { registerAgentApiRoutes } from './agent-routes';
import { registerAgentBinaryRoutes } from './binary-routes';
import { AgentConnections } from './connections';
import { registerInstallScript } from './install-script';
import { registerAgentControlRoutes, type ControlRouteOptions } from './control-routes';
import { registerAgentStreamRoutes } from './stream-routes';
import { registerAgentUserRoutes } from './user-routes';

export interface AgentRouteOptions extends ControlRouteOptions {
  /** Where the `coder` binaries are (default: packages/cli/dist). */
  agentDistDir?: string;
}

/** Workspace agents: their API, their connections, what users reach through them, their binary. */
export function registerAgentRoutes(app: FastifyInstance, ctx: ServerContext, opts: AgentRouteOptions = {}): AgentConnections {
  const conns = new AgentConnections();
  app.addHook('preClose', async () => conns.close());
  registerAgentApiRoutes(app, ctx);
  registerAgentControlRoutes(app, ctx, conns, opts);
  registerAgentUserRoutes(app, ctx, conns);
  registerAgentStreamRoutes(app, ctx, conns);
  registerAgentBinaryRoutes(app, opts.agentDistDir);
  registerInstallScript(app, () => ctx.accessUrl);
  return conns;
}
