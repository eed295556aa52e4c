// The WebSocket twins of the server-sent event streams, as Coder's dashboard reads them.
import { SESSION_TOKEN_HEADER, type Client, type Workspace } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, agent, importTemplate, resource, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

interface Event {
  type: string;
  data: unknown;
}

/** Opens a WebSocket and collects its JSON messages; `next()` waits for the next one. */
async function listen(path: string, token: string) {
  const socket = new WebSocket(new URL(path, server.url.toString().replace(/^http/, 'ws')), { headers: { [SESSION_TOKEN_HEADER]: token } });
  const queue: Event[] = [];
  const waiters: Array<(e: Event) => void> = [];
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as Event;
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = () =>
    new Promise<Event>((resolve, reject) => {
      const queued = queue.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`no message on ${path}`)), 10_000);
      waiters.push((e) => {
        clearTimeout(timer);
        resolve(e);
      });
    });
  return { socket, next };
}

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  await owner.createUser({ email: 'm@example.com', username: 'member', password: 'M3mber-has-a-long-pass' });
  member = server.client((await server.client().login('member', 'M3mber-has-a-long-pass')).session_token);
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('watch-ws and watch-metadata-ws', () => {
  it('sends the workspace at once and again when its build changes, and the agent metadata as it is reported', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'watched');
    const created = await owner.createUserWorkspace('me', { name: 'watched', template_id: templateId });
    const watch = await listen(`/api/v2/workspaces/${created.id}/watch-ws`, owner.sessionToken!);
    const first = await watch.next();
    expect(first.type).toBe('data');
    expect((first.data as Workspace).latest_build.status).toBe('pending');

    const token = crypto.randomUUID();
    const job = await acquire(daemon);
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', token)])] } });
    let status = '';
    while (status !== 'running') status = ((await watch.next()).data as Workspace).latest_build.status;
    watch.socket.close();

    const agentId = (await owner.workspace(created.id)).latest_build.resources[0]!.agents![0]!.id;
    const metadata = await listen(`/api/v2/workspaceagents/${agentId}/watch-metadata-ws`, owner.sessionToken!);
    expect(await metadata.next()).toEqual({ type: 'data', data: [expect.objectContaining({ description: expect.objectContaining({ key: 'load' }) })] });
    const posted = await fetch(new URL('/api/v2/workspaceagents/me/metadata', server.url), {
      method: 'POST',
      headers: { [SESSION_TOKEN_HEADER]: token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: [{ key: 'load', value: '0.42', error: '', collected_at: new Date().toISOString(), age: 0 }] }),
    });
    expect(posted.status).toBe(204);
    const update = await metadata.next();
    expect((update.data as Array<{ result: { value: string } }>)[0]!.result.value).toBe('0.42');
    metadata.socket.close();
  });

  it('refuses other users before the upgrade and plain requests', async () => {
    const ws = (await owner.workspaces()).workspaces[0]!;
    await expect(listen(`/api/v2/workspaces/${ws.id}/watch-ws`, member.sessionToken!)).rejects.toThrow(/404/);
    expect((await owner.raw('GET', `/api/v2/workspaces/${ws.id}/watch-ws`)).status).toBe(400);
  });
});
