import type { Client, TemplateVersion } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarOf } from '../../packages/node-kit/src/archive/tar-fixture.testkit';
import { startTestServer, withOwner, type TestServer } from '../support/server';

// The coder/coder provider as a template author meets it: through the server, with real terraform.
const TEMPLATE = `
terraform {
  required_providers {
    coder = { source = "coder/coder", version = "~> 2.0" }
  }
}
data "coder_parameter" "cpu" {
  name    = "cpu"
  default = "2"
  mutable = true
  option {
    name  = "Light (2 cores)"
    value = "2"
  }
  option {
    name  = "Heavy (8 cores)"
    value = "8"
  }
}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}
resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  dir            = "/home/coder"
  startup_script = "echo hello"
  metadata {
    display_name = "Load"
    key          = "load"
    script       = "cat /proc/loadavg"
    interval     = 5
    timeout      = 1
  }
}
resource "coder_app" "code-server" {
  agent_id = coder_agent.main.id
  slug     = "code-server"
  url      = "http://localhost:9069"
  group    = "Editors"
  share    = "organization"
  healthcheck {
    url       = "http://localhost:9069/healthz"
    interval  = 3
    threshold = 10
  }
}
resource "terraform_data" "pod" {
  count = data.coder_workspace.me.start_count
  input = "\${data.coder_workspace_owner.me.name}/\${data.coder_workspace.me.name} cpu=\${data.coder_parameter.cpu.value} \${coder_agent.main.token}"
}
`;

let server: TestServer;
let owner: Client;
let orgId: string;

async function importVersion(files: Record<string, string>): Promise<TemplateVersion> {
  const { hash } = await owner.uploadFile(await tarOf(files));
  const queued = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
  for (;;) {
    const version = await owner.templateVersion(queued.id);
    if (!['pending', 'running'].includes(version.job.status)) return version;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  ({ client: owner, organizationId: orgId } = await withOwner(server));
});
afterAll(() => server.close());

describe('templates using the coder/coder provider, through the server', () => {
  it('stores parameters, agents and apps from the import and from a build', async () => {
    const version = await importVersion({ 'main.tf': TEMPLATE });
    expect(version.job.error ?? '').toBe('');
    const params = await owner.templateVersionRichParameters(version.id);
    expect(params).toHaveLength(1);
    expect(params[0]).toMatchObject({ name: 'cpu', default_value: '2', mutable: true });
    expect(params[0]!.options.map((o) => o.value)).toEqual(['2', '8']);
    const planned = await owner.templateVersionResources(version.id);
    expect(planned.filter((r) => r.workspace_transition === 'start').map((r) => `${r.type}.${r.name}`)).toContain('terraform_data.pod');
    expect(planned.filter((r) => r.workspace_transition === 'stop').map((r) => r.type)).not.toContain('terraform_data');

    const template = await owner.createTemplate(orgId, { name: 'provider', template_version_id: version.id });
    const created = await owner.createUserWorkspace('me', { name: 'dev', template_id: template.id, rich_parameter_values: [{ name: 'cpu', value: '8' }] });
    let build = created.latest_build;
    while (['pending', 'starting'].includes(build.status)) {
      await new Promise((r) => setTimeout(r, 50));
      build = await owner.workspaceBuild(build.id);
    }
    expect(build.job.error ?? '').toBe('');
    expect(build.status).toBe('running');
    const pod = build.resources.find((r) => r.type === 'terraform_data')!;
    const agent = pod.agents![0]!;
    expect(agent).toMatchObject({ name: 'main', operating_system: 'linux', architecture: 'amd64', lifecycle_state: 'created', status: 'connecting' });
    expect(agent.apps.map((a) => [a.slug, a.healthcheck.url, a.health, a.group, a.sharing_level])).toEqual([['code-server', 'http://localhost:9069/healthz', 'initializing', 'Editors', 'organization']]);
    expect(await owner.workspaceBuildParameters(build.id)).toEqual([{ name: 'cpu', value: '8' }]);
    const token = await server.ctx.db.query<{ auth_token: string }>('SELECT auth_token FROM workspace_agents WHERE id = $1', [agent.id]);
    expect(token.rows[0]!.auth_token).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows a parameter rejected by the provider as its diagnostic in the import logs', async () => {
    const bad = TEMPLATE.replace('default = "2"', 'default = "3"');
    const version = await importVersion({ 'main.tf': bad });
    expect(version.job.status).toBe('failed');
    const logs = await owner.templateVersionLogs(version.id);
    const errors = logs.filter((l) => l.log_level === 'error').map((l) => l.output).join('\n');
    expect(errors).toMatch(/valid option/i);
  });
});
