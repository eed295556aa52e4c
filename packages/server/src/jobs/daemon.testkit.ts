import type { Agent, Client, ExternalAuthProvider, Resource, RichParameter, TemplateVersion } from '@warren/sdk';
import tar from 'tar-stream';
import type { ServerContext } from '../context';
import { createProvisionerDaemonApi, type ServerProvisionerDaemonApi } from './daemon-api';

/** A tar archive holding the given files. */
export async function tarOf(files: Record<string, string>): Promise<Uint8Array> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export const MAIN_TF = 'terraform {}\nresource "null_resource" "dev" {}\n';

export function richParameter(p: Partial<RichParameter> & { name: string }): RichParameter {
  return {
    description: '',
    type: 'string',
    mutable: true,
    defaultValue: '',
    icon: '',
    options: [],
    validationRegex: '',
    validationError: '',
    validationMonotonic: '',
    required: false,
    displayName: '',
    order: 0,
    ephemeral: false,
    formType: 0,
    ...p,
  };
}

export function agent(name: string, token = crypto.randomUUID()): Agent {
  return {
    id: crypto.randomUUID(),
    name,
    env: { EDITOR: 'vim' },
    operatingSystem: 'linux',
    architecture: 'amd64',
    directory: '/home/coder',
    apps: [
      {
        id: '', slug: 'code', displayName: 'Code', command: '', url: 'http://localhost:8080', icon: '', subdomain: false,
        healthcheck: { url: 'http://localhost:8080/healthz', interval: 5, threshold: 6 }, sharingLevel: 0, external: false,
        order: 0, hidden: false, openIn: 1, group: '', tooltip: '',
      },
    ],
    auth: { kind: 'token', token },
    connectionTimeoutSeconds: 120,
    troubleshootingUrl: '',
    motdFile: '',
    metadata: [{ key: 'load', displayName: 'Load', script: 'uptime', interval: 10, timeout: 1, order: 0 }],
    displayApps: { vscode: true, vscodeInsiders: false, webTerminal: true, sshHelper: true, portForwardingHelper: true },
    scripts: [
      { displayName: 'Startup', icon: '', script: 'echo hi', cron: '', startBlocksLogin: true, runOnStart: true, runOnStop: false, timeoutSeconds: 60, logPath: '' },
    ],
    extraEnvs: [],
    order: 0,
    resourcesMonitoring: { volumes: [] },
    devcontainers: [],
    apiKeyScope: 'all',
  };
}

export function resource(name: string, agents: Agent[] = [], metadata: Resource['metadata'] = []): Resource {
  return { name, type: 'null_resource', agents, metadata, hide: false, icon: '', instanceType: '', dailyCost: 1, modulePath: '' };
}

/** Acquires the next job, failing the test instead of waiting forever. */
export async function acquire(daemon: ServerProvisionerDaemonApi, timeoutMs = 5000) {
  const job = await daemon.acquireJob(AbortSignal.timeout(timeoutMs));
  if (!job) throw new Error('no job was acquired');
  return job;
}

export function startDaemon(ctx: ServerContext, organizationId: string, name = 'test-daemon', tags: Record<string, string> = {}) {
  return createProvisionerDaemonApi(ctx, { name, organizationId, tags, pollIntervalMs: 200 });
}

/** Uploads a template, has the daemon import it with `parameters`, and creates a template. */
export async function importTemplate(
  client: Client,
  daemon: ServerProvisionerDaemonApi,
  organizationId: string,
  name: string,
  parameters: RichParameter[] = [],
  externalAuthProviders: ExternalAuthProvider[] = [],
): Promise<{ version: TemplateVersion; templateId: string }> {
  const { hash } = await client.uploadFile(await tarOf({ 'main.tf': MAIN_TF + `# ${name}\n` }));
  const version = await client.createTemplateVersion(organizationId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
  const job = await acquire(daemon);
  await daemon.updateJob({ jobId: job.jobId, logs: [{ source: 'provisioner', level: 'info', createdAt: Date.now(), stage: 'Planning', output: 'plan ok' }], readme: '# hello' });
  await daemon.completeJob({
    jobId: job.jobId,
    type: {
      kind: 'template_import',
      startResources: [resource('dev', [agent('main')])],
      stopResources: [resource('home')],
      richParameters: parameters,
      externalAuthProviders,
      presets: [],
    },
  });
  const template = await client.createTemplate(organizationId, { name, template_version_id: version.id });
  return { version: await client.templateVersion(version.id), templateId: template.id };
}
