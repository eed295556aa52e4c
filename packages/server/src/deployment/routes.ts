import {
  updateAppearanceConfigRequest,
  type AppearanceConfig,
  type AvailableExperiments,
  type DeploymentStats,
  type NotificationMethodsResponse,
  type RegionsResponse,
  type SSHConfigResponse,
  type UpdateCheckResponse,
} from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import { can, type Action, type Actor, type ResourceType } from '../authz/policy';
import type { ServerContext } from '../context';
import { countWorkspacesByBuildState, sumAgentStatsSince } from '../db/queries/deployment-stats';
import { actorOf } from '../http/app';
import { ApiError, forbidden } from '../http/errors';
import { parseBody } from '../http/validate';
import { deploymentConfig } from './config';
import { entitlements, featureEnabled } from './entitlements';

/** Agent stats older than this do not count in `/deployment/stats`. */
const STATS_WINDOW_MS = 15 * 60_000;
/** How often agents report stats, hence when the figures may next change. */
const STATS_REFRESH_MS = 30_000;

/** Deployment-wide settings exist for everyone: a caller without the permission gets 403, not 404. */
function requireSite(actor: Actor, action: Action, type: ResourceType): void {
  if (!can(actor, action, { type })) throw forbidden();
}

const DEFAULT_APPEARANCE: AppearanceConfig = {
  application_name: '',
  logo_url: '',
  docs_url: '',
  service_banner: { enabled: false },
  announcement_banners: [],
  support_links: [],
};

/** What Coder's dashboard and clients read about the deployment at start-up. */
export function registerDeploymentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v2/entitlements', async () => entitlements(ctx.clock()));

  // Public, so a sign-in page can show the deployment's name and logo.
  app.get('/api/v2/appearance', { config: { public: true } }, async (): Promise<AppearanceConfig> => DEFAULT_APPEARANCE);

  app.put('/api/v2/appearance', async (req) => {
    requireSite(actorOf(req), 'update', 'deployment_config');
    parseBody(updateAppearanceConfigRequest, req.body);
    if (!featureEnabled('appearance')) throw new ApiError('forbidden', 'Appearance is a Premium feature. Contact sales!');
    return DEFAULT_APPEARANCE;
  });

  app.get('/api/v2/experiments', async (): Promise<string[]> => []);
  app.get('/api/v2/experiments/available', async (): Promise<AvailableExperiments> => ({ safe: [] }));

  app.get('/api/v2/updatecheck', { config: { public: true } }, async (): Promise<UpdateCheckResponse> => ({
    current: true,
    version: ctx.version,
    url: '',
  }));

  app.get('/api/v2/deployment/config', async (req) => {
    requireSite(actorOf(req), 'read', 'deployment_config');
    return deploymentConfig(ctx);
  });

  app.get('/api/v2/deployment/ssh', async (): Promise<SSHConfigResponse> => ({
    hostname_prefix: ctx.sshHostnamePrefix,
    hostname_suffix: ctx.workspaceHostnameSuffix,
    ssh_config_options: {},
  }));

  app.get('/api/v2/deployment/stats', async (req): Promise<DeploymentStats> => {
    requireSite(actorOf(req), 'read', 'deployment_stats');
    const now = ctx.clock();
    const since = new Date(now.getTime() - STATS_WINDOW_MS);
    const [counts, agents] = await Promise.all([countWorkspacesByBuildState(ctx.db), sumAgentStatsSince(ctx.db, since)]);
    return {
      aggregated_from: since.toISOString(),
      collected_at: now.toISOString(),
      next_update_at: new Date(now.getTime() + STATS_REFRESH_MS).toISOString(),
      workspaces: {
        ...counts,
        connection_latency_ms: { p50: agents.latency_p50, p95: agents.latency_p95 },
        rx_bytes: agents.rx_bytes,
        tx_bytes: agents.tx_bytes,
      },
      session_count: {
        vscode: agents.session_count_vscode,
        ssh: agents.session_count_ssh,
        jetbrains: agents.session_count_jetbrains,
        reconnecting_pty: agents.session_count_reconnecting_pty,
      },
    };
  });

  app.get('/api/v2/regions', async (): Promise<RegionsResponse> => ({
    regions: [
      {
        id: ctx.deploymentId,
        name: 'primary',
        display_name: 'Default',
        icon_url: '/emojis/1f3e1.png',
        healthy: true,
        path_app_url: ctx.accessUrl.toString().replace(/\/$/, ''),
        wildcard_hostname: ctx.apps.wildcardHost ?? '',
      },
    ],
  }));

  // Warren sends no notifications yet: no templates, no dispatch methods.
  app.get('/api/v2/notifications/templates/system', async (): Promise<unknown[]> => []);
  app.get('/api/v2/notifications/dispatch-methods', async (): Promise<NotificationMethodsResponse> => ({ available: [], default: '' }));
}
