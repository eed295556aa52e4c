// External auth against a real OAuth 2.0 provider (npm oidc-provider): linking an account from the
// browser's callback, what the agent and builds are given, refreshing, a refused refresh token,
// waiting for a link, unlinking with revocation at the provider, and the device flow's start.
import { SESSION_TOKEN_COOKIE, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveDeviceCode, externalAuthEnv, signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import { acquire, agent, importTemplate, MAIN_TF, resource, startDaemon, tarOf } from '../jobs/daemon.testkit';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';

let idp: TestIdp;
let server: TestServer;
let owner: Client;
let ownerToken: string;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;
let agentClient: Client;
let versionId: string;

const ID = 'corp-git';
const callbackUrl = () => `${server.url.origin}/external-auth/${ID}/callback`;

function providerEnv(): Record<string, string> {
  return {
    ...externalAuthEnv(idp, {
      REVOKE_URL: `${idp.issuer}/token/revocation`,
      REGEX: '^https?://git\\.corp\\.example(/.*)?$',
      DISPLAY_NAME: 'Corp Git',
      DEVICE_FLOW: 'true',
      DEVICE_CODE_URL: `${idp.issuer}/device/auth`,
    }),
    CODER_EXTERNAL_AUTH_1_TYPE: 'github',
    CODER_EXTERNAL_AUTH_1_CLIENT_ID: 'never-used-here',
  };
}

/** Links the owner's account through the browser flow; answers where the server sent the browser last. */
async function link(): Promise<Response> {
  idp.next = { sub: 'dev-1', email: 'dev@corp.example' };
  const { response } = await signIn(callbackUrl(), idp, undefined, { [SESSION_TOKEN_COOKIE]: ownerToken });
  return response;
}

/** Whether the provider itself still takes the token. */
const acceptedByProvider = async (token: string) => (await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${token}` } })).status === 200;

const storedLink = async () =>
  (await server.ctx.db.query<{ oauth_access_token: string; oauth_refresh_token: string; oauth_refresh_failure_reason: string }>('SELECT * FROM external_auth_links WHERE provider_id = $1', [ID])).rows[0];

beforeAll(async () => {
  idp = await startTestIdp();
  server = await startTestServer({ env: providerEnv() });
  idp.allowRedirects([callbackUrl()]);
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  ownerToken = owner.sessionToken!;
  daemon = await startDaemon(server.ctx, orgId);
  const { templateId, version } = await importTemplate(owner, daemon, orgId, 'with-git', [], [{ id: ID, optional: false }]);
  versionId = version.id;
  await owner.createUserWorkspace('me', { name: 'dev', template_id: templateId });
  const agentToken = crypto.randomUUID();
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
  agentClient = server.client(agentToken);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
  await idp?.close();
});

describe('external auth', () => {
  it('lists the configured providers, with GitHub filled in from its type', async () => {
    const { providers, links } = await owner.externalAuth();
    expect(providers).toEqual([
      { id: ID, type: 'corp', device: true, display_name: 'Corp Git', display_icon: '/emojis/1f511.png', allow_refresh: true, allow_validate: true, supports_revocation: true },
      { id: 'github', type: 'github', device: false, display_name: 'GitHub', display_icon: '/icon/github.svg', allow_refresh: true, allow_validate: true, supports_revocation: true },
    ]);
    expect(links).toEqual([]);
    // Owners see the configuration, as in Coder's deployment values; never the client secret.
    const { config } = await owner.deploymentConfig();
    expect(config.external_auth).toEqual([
      expect.objectContaining({ id: ID, type: 'corp', client_id: idp.oauthApp.clientId, token_url: `${idp.issuer}/token`, device_flow: true, regex: '^https?://git\\.corp\\.example(/.*)?$' }),
      expect.objectContaining({ id: 'github', auth_url: 'https://github.com/login/oauth/authorize' }),
    ]);
    expect(JSON.stringify(config)).not.toContain(idp.oauthApp.clientSecret);
    expect((await owner.externalAuthByID(ID)).authenticated).toBe(false);
    expect((await apiErrorOf(owner.externalAuthByID('nope'))).status).toBe(404);
  });

  it('tells the agent where the owner must authenticate, and finds the provider by the URL git asks about', async () => {
    expect(await agentClient.workspaceAgentExternalAuth({ id: ID })).toEqual({ url: `${server.url.origin}/external-auth/${ID}` });
    expect(await agentClient.workspaceAgentExternalAuth({ match: 'https://git.corp.example/team/repo.git' })).toEqual({ url: `${server.url.origin}/external-auth/${ID}` });
    const unmatched = await apiErrorOf(agentClient.workspaceAgentExternalAuth({ match: 'https://elsewhere.example/x.git' }));
    expect([unmatched.status, unmatched.response.message]).toEqual([404, 'No matching external auth provider found in Coder for the url "https://elsewhere.example/x.git".']);
    expect((await apiErrorOf(agentClient.workspaceAgentExternalAuth({}))).status).toBe(400);
    expect((await apiErrorOf(agentClient.workspaceAgentExternalAuth({ id: ID, match: 'https://git.corp.example' }))).status).toBe(400);
    // Only agents: a user's session is not an agent token.
    expect((await apiErrorOf(owner.workspaceAgentExternalAuth({ id: ID }))).status).toBe(401);
  });

  it('sends a browser without a session to sign in first, and refuses a callback whose state is not its own', async () => {
    const res = await fetch(callbackUrl(), { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`/login?redirect=${encodeURIComponent(`/external-auth/${ID}/callback`)}`);
    const forged = await fetch(`${callbackUrl()}?code=abc&state=forged`, { redirect: 'manual', headers: { cookie: `${SESSION_TOKEN_COOKIE}=${ownerToken}; oauth_state=other` } });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { message: string }).message).toBe('State mismatched.');
  });

  it('waits for the owner to authenticate when the agent listens, then hands over the token', async () => {
    const waiting = agentClient.workspaceAgentExternalAuth({ id: ID, listen: true });
    await new Promise((r) => setTimeout(r, 1200));
    const back = await link();
    expect([back.status, back.headers.get('location')]).toEqual([307, `/external-auth/${ID}?redirected=true`]);
    const answer = await waiting;
    expect(answer.type).toBe('corp');
    expect(answer.username).toBe(answer.access_token);
    expect(answer.password).toBe('');
    expect(await acceptedByProvider(answer.access_token!)).toBe(true);
    expect((await storedLink())!.oauth_access_token).toBe(answer.access_token);
  });

  it('shows the link as authenticated, and gives builds the token', async () => {
    expect((await owner.externalAuthByID(ID)).authenticated).toBe(true);
    const [linked] = (await owner.externalAuth()).links;
    expect(linked).toMatchObject({ provider_id: ID, authenticated: true, has_refresh_token: true, validate_error: '' });
    expect(Date.parse(linked!.expires)).toBeGreaterThan(Date.now() + 3000_000);
    expect(await owner.templateVersionExternalAuth(versionId)).toEqual([
      { id: ID, type: 'corp', display_name: 'Corp Git', display_icon: '/emojis/1f511.png', authenticate_url: `${server.url.origin}/external-auth/${ID}`, authenticated: true, optional: false },
    ]);
    const ws = await owner.workspaceByOwnerAndName('me', 'dev');
    await owner.createWorkspaceBuild(ws.id, { transition: 'start' });
    const job = await acquire(daemon);
    expect(job.type).toMatchObject({ kind: 'workspace_build', externalAuthProviders: [{ id: ID, accessToken: (await storedLink())!.oauth_access_token }] });
    const agentToken = crypto.randomUUID();
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
    agentClient = server.client(agentToken);
    // A member has no link of their own: the owner's token is not theirs.
    const member = await withMember(server, owner);
    expect((await member.externalAuthByID(ID)).authenticated).toBe(false);
    expect((await member.externalAuth()).links).toEqual([]);
  });

  it('refreshes an expired token, and drops a refresh token the provider refuses', async () => {
    idp.accessTokenTtlSeconds = 5; // within the refresh margin: every use refreshes
    await link();
    const before = (await storedLink())!;
    const refreshed = await agentClient.workspaceAgentExternalAuth({ id: ID });
    expect(refreshed.access_token).not.toBe(before.oauth_access_token);
    expect(await acceptedByProvider(refreshed.access_token!)).toBe(true);
    expect((await storedLink())!.oauth_access_token).toBe(refreshed.access_token);

    const current = (await storedLink())!;
    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: current.oauth_refresh_token, client_id: idp.oauthApp.clientId, client_secret: idp.oauthApp.clientSecret }),
    });
    expect(revoked.status).toBe(200);
    expect(await agentClient.workspaceAgentExternalAuth({ id: ID })).toEqual({ url: `${server.url.origin}/external-auth/${ID}` });
    const dropped = (await storedLink())!;
    expect(dropped.oauth_refresh_token).toBe('');
    expect(dropped.oauth_refresh_failure_reason).toMatch(/invalid_grant/);
    const [linked] = (await owner.externalAuth()).links;
    expect(linked).toMatchObject({ authenticated: false, has_refresh_token: false });
    expect(linked!.validate_error).toMatch(/invalid_grant/);
    idp.accessTokenTtlSeconds = 3600;
  });

  it('unlinks, revoking the token at the provider', async () => {
    await link();
    const token = (await storedLink())!.oauth_access_token;
    expect(await acceptedByProvider(token)).toBe(true);
    expect(await owner.deleteExternalAuth(ID)).toEqual({ token_revoked: true });
    expect(await acceptedByProvider(token)).toBe(false);
    expect((await owner.externalAuthByID(ID)).authenticated).toBe(false);
    expect((await apiErrorOf(owner.deleteExternalAuth(ID))).status).toBe(404);
  });

  it('links through the device flow once the user has entered the code at the provider', async () => {
    const device = await owner.externalAuthDevice(ID);
    expect(device.verification_uri).toBe(`${idp.issuer}/device`);
    const pending = await apiErrorOf(owner.exchangeExternalAuthDevice(ID, device.device_code));
    expect([pending.status, pending.response.message]).toEqual([400, 'Failed to exchange the device code.']);
    expect(pending.response.detail).toMatch(/authorization_pending/);
    idp.next = { sub: 'dev-1', email: 'dev@corp.example' };
    expect(await approveDeviceCode(idp, device.user_code)).toBe(200);
    await owner.exchangeExternalAuthDevice(ID, device.device_code);
    expect((await owner.externalAuthByID(ID)).authenticated).toBe(true);
    expect(await acceptedByProvider((await storedLink())!.oauth_access_token)).toBe(true);
    const wrong = await apiErrorOf(owner.exchangeExternalAuthDevice(ID, 'not-a-device-code'));
    expect(wrong.response.detail).toMatch(/invalid_grant/);
    expect((await apiErrorOf(owner.externalAuthDevice('github'))).status).toBe(400);
  });

  it('fails a template import that uses a provider this deployment does not have', async () => {
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MAIN_TF }));
    const version = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    const job = await acquire(daemon);
    await daemon.completeJob({
      jobId: job.jobId,
      type: { kind: 'template_import', startResources: [], stopResources: [], richParameters: [], presets: [], externalAuthProviders: [{ id: 'gitlab', optional: true }] },
    });
    expect((await owner.templateVersion(version.id)).job).toMatchObject({ status: 'failed', error: 'external auth provider "gitlab" is not configured' });
  });
});
