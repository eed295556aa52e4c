// External auth tokens encrypted at rest (`--external-token-encryption-keys`): servers one after
// another on one database, linking under one key, rotating to another, and starting without it.
import { randomBytes } from 'node:crypto';
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/support/database';
import { externalAuthEnv, signIn, startTestIdp, type TestIdp } from '../../../../test/support/oidc-provider';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { keyIdOf } from '../db/token-cipher';
import { acquire, agent, importTemplate, resource, startDaemon } from '../jobs/daemon.testkit';

let idp: TestIdp;
let database: string;
let agentToken: ReturnType<typeof crypto.randomUUID>;
let linkedToken: string;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);


const serverWith = (keys: Buffer[]) =>
  startTestServer({ env: externalAuthEnv(idp), flags: { 'postgres-url': database, 'external-token-encryption-keys': keys.map((k) => k.toString('base64')).join(',') } });

const stored = async (server: TestServer) =>
  (await server.ctx.db.query<{ oauth_access_token: string; oauth_access_token_key_id: string | null; oauth_refresh_token_key_id: string | null }>('SELECT * FROM external_auth_links')).rows[0]!;

/** Runs `check` against a server started with `keys` on the shared database, then stops it. */
async function withServer<T>(keys: Buffer[], check: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await serverWith(keys);
  try {
    return await check(server);
  } finally {
    await server.close();
  }
}

beforeAll(async () => {
  idp = await startTestIdp();
  database = await createTestDatabase();
});
afterAll(() => idp?.close());

describe('external auth tokens encrypted at rest', () => {
  it('stores a linked token only encrypted, and hands it out decrypted', async () => {
    await withServer([oldKey], async (server) => {
      idp.allowRedirects([`${server.url.origin}/external-auth/corp-git/callback`]);
      const { client: owner, organizationId } = await withOwner(server);
      const daemon = await startDaemon(server.ctx, organizationId);
      const { templateId } = await importTemplate(owner, daemon, organizationId, 'git', [], [{ id: 'corp-git', optional: true }]);
      await owner.createUserWorkspace('me', { name: 'dev', template_id: templateId });
      agentToken = crypto.randomUUID();
      const job = await acquire(daemon);
      await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
      await daemon.close();
      idp.next = { sub: 'dev-1', email: 'dev@corp.example' };
      await signIn(`${server.url.origin}/external-auth/corp-git/callback`, idp, undefined, { [SESSION_TOKEN_COOKIE]: owner.sessionToken! });

      linkedToken = (await server.client(agentToken).workspaceAgentExternalAuth({ id: 'corp-git' })).access_token!;
      expect((await fetch(`${idp.issuer}/me`, { headers: { Authorization: `Bearer ${linkedToken}` } })).status).toBe(200);
      const row = await stored(server);
      expect(row.oauth_access_token_key_id).toBe(keyIdOf(oldKey));
      expect(row.oauth_refresh_token_key_id).toBe(keyIdOf(oldKey));
      expect(row.oauth_access_token).not.toContain(linkedToken);
    });
  });

  it('re-encrypts under a new first key at start, after which the old key can go', async () => {
    await withServer([newKey, oldKey], async (server) => {
      expect((await stored(server)).oauth_access_token_key_id).toBe(keyIdOf(newKey));
      expect((await server.client(agentToken).workspaceAgentExternalAuth({ id: 'corp-git' })).access_token).toBe(linkedToken);
    });
    await withServer([newKey], async (server) => {
      expect((await server.client(agentToken).workspaceAgentExternalAuth({ id: 'corp-git' })).access_token).toBe(linkedToken);
    });
  });

  it('treats a token of a key the server lacks as unlinked, and says why', async () => {
    await withServer([oldKey], async (server) => {
      expect((await stored(server)).oauth_access_token_key_id).toBe(keyIdOf(newKey));
      expect(await server.client(agentToken).workspaceAgentExternalAuth({ id: 'corp-git' })).toEqual({ url: `${server.url.origin}/external-auth/corp-git` });
    });
  });
});
