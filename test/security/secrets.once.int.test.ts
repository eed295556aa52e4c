// No secret in any log line or API response that should not carry it: a representative flow (users,
// logins, API token, provisioner key, PSK and key daemons, a workspace build whose real agent
// connects, build logs followed over a WebSocket) against a real server whose log is captured at
// trace level, with the daemons and the agent logging verbosely; then every secret the flow made
// is looked for in every log and every response body.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WarrenProcess, waitUntil } from '../../packages/cli/src/process.testkit';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from '../e2e/support/agent-workspace';
import { MEMBER, OWNER, startTestServer, withMember, withOwner, type TestServer } from '../support/server';

interface Recorded {
  method: string;
  url: string;
  status: number;
  body: string;
}

const serverLog: string[] = [];
const responses: Recorded[] = [];
const daemons: WarrenProcess[] = [];
let server: TestServer | undefined;
let root = '';
let workspaceId: string | undefined;
const realFetch = globalThis.fetch;

/** Every response this process receives, its body read from a copy (event streams left alone). */
function recordResponses(): void {
  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      responses.push({ method, url, status: res.status, body: await res.clone().text() });
    }
    return res;
  };
}

afterAll(async () => {
  globalThis.fetch = realFetch;
  for (const d of daemons) await d.stop();
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
  await server?.close();
});

/** The part of a `<id>-<secret>` token that must stay secret (the id is shown in token lists). */
const secretOf = (token: string) => token.slice(token.indexOf('-') + 1);

describe('secrets in logs and responses', () => {
  it('finds no secret anywhere but in the one response that hands it out', async () => {
    (ensureAgent as (force?: boolean) => boolean)();
    const psk = randomBytes(24).toString('base64url');
    const logger = pino({ level: 'trace' }, { write: (line: string) => serverLog.push(line) });
    recordResponses();
    server = await startTestServer({ logger, flags: { 'provisioner-daemon-psk': psk } });
    const { client: owner, organizationId } = await withOwner(server);
    const member = await withMember(server, owner);
    const apiToken = (await owner.createToken('me', { token_name: 'ci' })).key;
    const provisionerKey = (await owner.createProvisionerKey('default', { name: 'builders' })).key;
    // A failed login and a bad token, whose errors must not echo what was sent.
    await server.client().login(OWNER.email, `${OWNER.password}-typo`).catch(() => undefined);
    await server.client(`${apiToken.split('-')[0]}-${'x'.repeat(22)}`).user().catch(() => undefined);

    const work = mkdtempSync(path.join(os.tmpdir(), 'warren-secrets-'));
    const daemon = (name: string, env: Record<string, string>) => {
      const d = new WarrenProcess(['provisioner', 'start', '--name', name, '--cache-dir', path.join(work, name), '--verbose', '--log-filter', '.*'], {
        CODER_URL: server!.url.toString(),
        ...env,
      }, { detached: true });
      daemons.push(d);
      return d;
    };
    daemon('psk-daemon', { CODER_PROVISIONER_DAEMON_PSK: psk });
    daemon('key-daemon', { CODER_PROVISIONER_DAEMON_KEY: provisionerKey });
    await waitUntil('both daemons', async () => {
      const names = (await owner.provisionerDaemons('default')).map((d) => d.name);
      return names.includes('psk-daemon') && names.includes('key-daemon') ? true : undefined;
    });

    root = mkdtempSync(path.join(os.tmpdir(), 'warren-secrets-ws-'));
    const templateId = await pushAgentTemplate(owner, organizationId, root, 'with-agent');
    const { workspace } = await startAgentWorkspace(owner, templateId, 'dev');
    workspaceId = workspace.id;
    await followBuildLogs(owner, workspace.latest_build.id);
    await owner.workspace(workspace.id);

    const db = server.ctx.db;
    // The build's agent, and the one the template import recorded.
    const agentTokens = (await db.query<{ t: string }>('SELECT auth_token::text AS t FROM workspace_agents')).rows.map((r) => r.t);
    const passwordHashes = (await db.query<{ h: string }>('SELECT hashed_password AS h FROM users WHERE hashed_password IS NOT NULL')).rows.map((r) => r.h);
    const keyHashes = (await db.query<{ h: string }>("SELECT encode(hashed_secret, 'hex') AS h FROM api_keys UNION SELECT encode(hashed_secret, 'hex') FROM provisioner_keys")).rows.map((r) => r.h);
    expect(agentTokens.length).toBeGreaterThanOrEqual(1);
    expect(passwordHashes.length).toBe(2);

    const secrets: Record<string, string> = {
      'owner password': OWNER.password,
      'member password': MEMBER.password,
      'owner session token': secretOf(owner.sessionToken!),
      'member session token': secretOf(member.sessionToken!),
      'API token': secretOf(apiToken),
      'provisioner key': provisionerKey,
      'provisioner daemon PSK': psk,
      ...Object.fromEntries(agentTokens.map((t, i) => [`agent token ${i + 1}`, t])),
      ...Object.fromEntries(passwordHashes.map((h, i) => [`password hash ${i + 1}`, h.split('$').pop()!])),
      ...Object.fromEntries(keyHashes.map((h, i) => [`key hash ${i + 1}`, h])),
    };

    const logs: Array<[string, string]> = [
      ['server log', serverLog.join('')],
      ...daemons.map((d, i) => [`daemon ${i + 1} output`, d.output] as [string, string]),
      ['agent log', readFileSync(path.join(root, workspace.id, 'agent.log'), 'utf8')],
    ];
    // The flow was logged: one line per request (with its URL), among the others.
    expect(serverLog.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThan(30);
    expect(logs[3]![1]).toMatch(/\S/);

    const hits: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      for (const [source, text] of logs) {
        const at = text.indexOf(secret);
        if (at >= 0) hits.push(`${name} in ${source}: ...${text.slice(Math.max(0, at - 200), at + secret.length + 40)}...`);
      }
      for (const r of responses) {
        if (!r.body.includes(secret) || handsOut(r, name)) continue;
        hits.push(`${name} in the response to ${r.method} ${r.url}: ${r.body.slice(0, 300)}`);
      }
    }
    // The bodies looked through cover the flow, whatever number of polls it took.
    const routes = new Set(responses.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/[0-9a-f-]{36}/g, ':id')}`));
    for (const route of ['POST /api/v2/users/login', 'POST /api/v2/users/me/keys/tokens', 'POST /api/v2/organizations/default/provisionerkeys', 'GET /api/v2/workspaces/:id']) {
      expect(routes).toContain(route);
    }
    expect(hits).toEqual([]);
  }, 300_000);
});

/** The responses whose purpose is to hand a secret to its owner, once. */
function handsOut(r: Recorded, secretName: string): boolean {
  const route = new URL(r.url).pathname;
  if (r.method === 'POST' && route === '/api/v2/users/login') return secretName.endsWith('session token');
  if (r.method === 'POST' && /^\/api\/v2\/users\/[^/]+\/keys\/tokens$/.test(route)) return secretName === 'API token';
  if (r.method === 'POST' && /^\/api\/v2\/organizations\/[^/]+\/provisionerkeys$/.test(route)) return secretName === 'provisioner key';
  return false;
}

/** Follows a finished build's logs over the WebSocket the CLI uses (the token rides in the query). */
async function followBuildLogs(client: Client, buildId: string): Promise<void> {
  const ws = new WebSocket(client.followLogsUrl('workspacebuilds', buildId));
  await new Promise<void>((resolve, reject) => {
    ws.on('close', () => resolve());
    ws.on('error', reject);
  });
}
