import type { BuildInfoResponse } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';

export const AGENT_API_VERSION = '2.0';
export const PROVISIONER_API_VERSION = '1.4';

export function registerBuildInfoRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v2/buildinfo', { config: { public: true } }, async (): Promise<BuildInfoResponse> => ({
    external_url: ctx.accessUrl.toString(),
    version: ctx.version,
    agent_api_version: AGENT_API_VERSION,
    provisioner_api_version: PROVISIONER_API_VERSION,
    dashboard_url: ctx.accessUrl.toString(),
    workspace_proxy: false,
    upgrade_message: '',
    deployment_id: ctx.deploymentId,
    webpush_public_key: '',
    telemetry: false,
  }));

  app.get('/healthz', { config: { public: true } }, async (_req, reply) => reply.type('text/plain').send('OK'));
  app.get('/api/v2', { config: { public: true } }, async () => ({ message: '👋' }));
}
