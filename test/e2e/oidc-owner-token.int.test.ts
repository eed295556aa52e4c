// A template reads its owner's OpenID Connect access token, as Coder's templates do with
// `data.coder_workspace_owner.me.oidc_access_token`: the owner signed in at a real provider (npm
// oidc-provider), real terraform and the coder provider run the build, and what the template got
// is a token the provider accepts.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushTemplate, waitFor } from '../../packages/server/src/agents/agents.testkit';
import { signIn, startTestIdp, type TestIdp } from '../support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../support/server';

let idp: TestIdp;
let server: TestServer;
let templateId: string;
const root = mkdtempSync(path.join(os.tmpdir(), 'warren-oidc-token-'));

const template = `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}

data "coder_workspace" "me" {}
data "coder_workspace_owner" "me" {}

resource "terraform_data" "owner_token" {
  count = data.coder_workspace.me.start_count
  input = data.coder_workspace_owner.me.oidc_access_token
  provisioner "local-exec" {
    command     = "printf %s \\"$TOKEN\\" > ${root}/token"
    environment = { TOKEN = self.input }
  }
}
`;

beforeAll(async () => {
  idp = await startTestIdp();
  server = await startTestServer({ daemons: 1, flags: { 'oidc-issuer-url': idp.issuer, 'oidc-client-id': idp.clientId, 'oidc-client-secret': idp.clientSecret } });
  idp.allowRedirects([`${server.url.origin}/api/v2/users/oidc/callback`]);
  const { client: owner, organizationId } = await withOwner(server);
  templateId = await pushTemplate(owner, organizationId, template, 'owner-token');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await idp?.close();
});

describe('a template reading its owner’s OIDC access token', () => {
  it('gets the token of the owner’s sign-in, which the provider accepts', async () => {
    idp.next = { sub: 'ada-1', email: 'ada@corp.example', email_verified: true };
    const { serverCookies } = await signIn(`${server.url.origin}/api/v2/users/oidc/callback`, idp);
    const ada = server.client(serverCookies.get(SESSION_TOKEN_COOKIE));
    const ws = await ada.createUserWorkspace('me', { name: 'dev', template_id: templateId });
    const built = await waitFor('the build', async () => {
      const w = await ada.workspace(ws.id);
      return ['succeeded', 'failed'].includes(w.latest_build.job.status) && w;
    }, 60_000);
    expect(built.latest_build.job.status).toBe('succeeded');
    const token = readFileSync(path.join(root, 'token'), 'utf8');
    expect(token).not.toBe('');
    expect((await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
