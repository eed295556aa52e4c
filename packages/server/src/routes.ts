import type { FastifyInstance } from 'fastify';
import { registerAgentRoutes } from './agents/routes';
import { registerApiKeyRoutes } from './apikeys/routes';
import { registerAppRoutes } from './apps/routes';
import { registerConvertLogin } from './auth/convert-login';
import { registerOidcRoutes } from './auth/oidc-routes';
import { registerAuthRoutes } from './auth/routes';
import { registerAuthzRoutes } from './authz/routes';
import { registerBuildRoutes } from './builds/routes';
import { registerBuildInfoRoutes } from './buildinfo/routes';
import type { ServerContext } from './context';
import { registerDebugRoutes } from './debug/routes';
import { registerDeploymentRoutes } from './deployment/routes';
import { registerFileRoutes } from './files/routes';
import { registerExternalAuthRoutes } from './externalauth/routes';
import { registerGitSshKeyRoutes } from './gitsshkeys/routes';
import { installDatabaseMetrics } from './metrics/collectors';
import { registerOrganizationRoutes } from './organizations/routes';
import { registerProvisionerRoutes } from './provisioners/routes';
import { registerScheduleRoutes } from './schedules/routes';
import { registerTemplateRoutes } from './templates/routes';
import { registerTemplateVersionRoutes } from './templateversions/routes';
import { registerUserRoutes } from './users/routes';
import { registerUserSettingsRoutes } from './users/settings-routes';
import { registerWorkspaceRoutes } from './workspaces/routes';

/** Every domain's routes, in one list. */
export function registerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // Not a route: the metrics read from the database need the context, as the routes do.
  installDatabaseMetrics(ctx);
  registerBuildInfoRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerOidcRoutes(app, ctx);
  registerConvertLogin(app, ctx);
  registerUserRoutes(app, ctx);
  registerUserSettingsRoutes(app, ctx);
  registerDeploymentRoutes(app, ctx);
  registerAuthzRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerOrganizationRoutes(app, ctx);
  registerFileRoutes(app, ctx);
  registerTemplateVersionRoutes(app, ctx);
  registerTemplateRoutes(app, ctx);
  registerWorkspaceRoutes(app, ctx);
  registerScheduleRoutes(app, ctx);
  registerBuildRoutes(app, ctx);
  registerProvisionerRoutes(app, ctx);
  registerAppRoutes(app, ctx, registerAgentRoutes(app, ctx));
  registerGitSshKeyRoutes(app, ctx);
  registerExternalAuthRoutes(app, ctx);
  registerDebugRoutes(app, ctx);
}
