// A dry run with real terraform and the coder provider served in-process: the plan of a would-be
// workspace, with the name and parameter values given, and nothing created.
import type { Client, ProvisionerJob } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTemplate, waitFor } from '../../packages/server/src/agents/agents.testkit';
import { startTestServer, withOwner, type TestServer } from '../support/server';

const MAIN_TF = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}
data "coder_parameter" "size" {
  name    = "size"
  default = "small"
  mutable = true
}
resource "coder_agent" "main" {
  os   = "linux"
  arch = "amd64"
}
resource "terraform_data" "box" {
  depends_on = [coder_agent.main]
}
resource "coder_metadata" "box" {
  resource_id = terraform_data.box.id
  item {
    key   = "for"
    value = "\${data.coder_workspace.me.name}-\${data.coder_parameter.size.value}-\${data.coder_workspace_owner.me.name}"
  }
}
`;

let server: TestServer;
let owner: Client;
let versionId: string;

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  const o = await withOwner(server);
  owner = o.client;
  const templateId = await pushTemplate(owner, o.organizationId, MAIN_TF, 'plannable');
  versionId = (await owner.template(templateId)).active_version_id;
}, 120_000);
afterAll(() => server?.close());

describe('a dry run with real terraform', () => {
  it('plans the resources of a would-be workspace and creates none', async () => {
    const job = await owner.createTemplateVersionDryRun(versionId, { workspace_name: 'preview', rich_parameter_values: [{ name: 'size', value: 'large' }] });
    const done = await waitFor<ProvisionerJob>('the dry run', async () => {
      const j = await owner.templateVersionDryRun(versionId, job.id);
      return j.completed_at !== undefined && j.completed_at !== null && j;
    }, 90_000);
    expect([done.status, done.error ?? '']).toEqual(['succeeded', '']);
    const resources = await owner.templateVersionDryRunResources(versionId, job.id);
    const box = resources.find((r) => r.type === 'terraform_data');
    expect(box?.name).toBe('box');
    expect(box?.agents?.map((a) => a.name)).toEqual(['main']);
    // The would-be workspace's name, the parameter value and the owner reached terraform.
    expect(box?.metadata).toEqual([expect.objectContaining({ key: 'for', value: 'preview-large-owner' })]);
    const logs = (await owner.raw('GET', `/api/v2/templateversions/${versionId}/dry-run/${job.id}/logs`).then((r) => r.json())) as Array<{ output: string }>;
    expect(logs.some((l) => /Plan: \d+ to add/.test(l.output))).toBe(true);
    expect((await owner.workspaces()).count).toBe(0);
  }, 120_000);
});
