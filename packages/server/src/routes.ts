import type { FastifyInstance } from 'fastify';
import { registerApiKeyRoutes } from './apikeys/routes';
import { registerAuthRoutes } from './auth/routes';
import { registerBuildInfoRoutes } from './buildinfo/routes';
import type { ServerContext } from './context';
import { registerOrganizationRoutes } from './organizations/routes';
import { registerUserRoutes } from './users/routes';

/** Every domain's routes, in one list. */
export function registerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerBuildInfoRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerOrganizationRoutes(app, ctx);
}
