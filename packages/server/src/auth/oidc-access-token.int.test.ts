// The workspace owner's OpenID Connect access token in a build's metadata (what the coder
// provider's `coder_workspace_owner.oidc_access_token` reads), from the owner's sign-in at a real
// provider (npm oidc-provider), refreshed when it has expired; none for a password owner.
import { SESSION_TOKEN_COOKIE, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { getUserLinkTokens } from '../db/queries/user-links';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, startDaemon } from '../jobs/daemon.testkit';

let idp: TestIdp;
let server: TestServer;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;

const accepted = async (token: string) => token !== '' && (await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${token}` } })).status === 200;

/** Signs `sub` in with the provider; answers their client and user id. */
async function oidcMember(sub: string): Promise<{ client: Client; id: string }> {
  idp.next = { sub, email: `${sub}@corp.example`, email_verified: true };
  const { serverCookies } = await signIn(`${server.url.origin}/api/v2/users/oidc/callback`, idp);
  const client = server.client(serverCookies.get(SESSION_TOKEN_COOKIE));
  return { client, id: (await client.user('me')).id };
}

/** The OIDC access token the build of a new workspace of `client`'s is given. */
async function buildToken(client: Client, name: string): Promise<string | undefined> {
  await client.createUserWorkspace('me', { name, template_id: templateId });
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
  return job.type.kind === 'workspace_build' ? job.type.metadata.workspaceOwnerOidcAccessToken : undefined;
}

beforeAll(async () => {
  idp = await startTestIdp();
  server = await startTestServer({ flags: { 'oidc-issuer-url': idp.issuer, 'oidc-client-id': idp.clientId, 'oidc-client-secret': idp.clientSecret } });
  idp.allowRedirects([`${server.url.origin}/api/v2/users/oidc/callback`]);
  const first = await withOwner(server);
  owner = first.client;
  daemon = await startDaemon(server.ctx, first.organizationId);
  ({ templateId } = await importTemplate(owner, daemon, first.organizationId, 'oidc-token'));
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
  await idp?.close();
});

describe("the owner's OIDC access token in builds", () => {
  it('is the token of their sign-in, which the provider accepts', async () => {
    const { client, id } = await oidcMember('grace');
    const signedIn = (await getUserLinkTokens(server.ctx.db, server.ctx.tokenCipher, id, 'oidc'))!;
    const token = await buildToken(client, 'grace-ws');
    expect(token).toBe(signedIn.accessToken);
    expect(await accepted(token!)).toBe(true);
  });

  it('is refreshed first when it has expired', async () => {
    idp.accessTokenTtlSeconds = 5; // within the refresh margin
    const { client, id } = await oidcMember('hopper');
    idp.accessTokenTtlSeconds = 3600;
    const signedIn = (await getUserLinkTokens(server.ctx.db, server.ctx.tokenCipher, id, 'oidc'))!;
    expect(signedIn.refreshToken).not.toBe('');
    const token = await buildToken(client, 'hopper-ws');
    expect(token).not.toBe(signedIn.accessToken);
    expect(await accepted(token!)).toBe(true);
    expect((await getUserLinkTokens(server.ctx.db, server.ctx.tokenCipher, id, 'oidc'))!.accessToken).toBe(token);
  });

  it('is empty for an owner who signs in with a password', async () => {
    expect(await buildToken(owner, 'owner-ws')).toBe('');
  });
});
