// Presets end to end: real terraform plans `coder_workspace_preset` data sources through the
// in-process coder provider, the import stores them, and the version serves them in Coder's shape.
import { ApiError, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { pushTemplate } from '../agents/agents.testkit';

const TEMPLATE = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
data "coder_parameter" "region" {
  name    = "region"
  type    = "string"
  default = "eu"
  mutable = true
}
data "coder_parameter" "size" {
  name    = "size"
  type    = "string"
  default = "small"
  mutable = true
}
data "coder_workspace_preset" "big_us" {
  name        = "Big in the US"
  description = "For heavy builds"
  icon        = "/emojis/1f1fa-1f1f8.png"
  default     = true
  parameters = {
    region = "us"
    size   = "large"
  }
  prebuilds {
    instances = 2
  }
}
data "coder_workspace_preset" "small" {
  name = "Small"
  parameters = {
    size = "small"
  }
}
`;

let server: TestServer;
let owner: Client;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
}, 60_000);
afterAll(() => server?.close());

describe('template version presets', () => {
  it('serves the presets the import found, in template order', async () => {
    const templateId = await pushTemplate(owner, orgId, TEMPLATE, 'presets');
    const versionId = (await owner.template(templateId)).active_version_id;
    const presets = await owner.templateVersionPresets(versionId);
    expect(presets).toEqual([
      {
        ID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Name: 'Big in the US',
        Parameters: expect.arrayContaining([{ Name: 'region', Value: 'us' }, { Name: 'size', Value: 'large' }]),
        Default: true,
        DesiredPrebuildInstances: 2,
        Description: 'For heavy builds',
        Icon: '/emojis/1f1fa-1f1f8.png',
      },
      { ID: expect.any(String), Name: 'Small', Parameters: [{ Name: 'size', Value: 'small' }], Default: false, DesiredPrebuildInstances: null, Description: '', Icon: '' },
    ]);
    const missing = await owner.templateVersionPresets('00000000-0000-0000-0000-0000000000aa').catch((e: ApiError) => e);
    expect((missing as ApiError).status).toBe(404);
  });
});
