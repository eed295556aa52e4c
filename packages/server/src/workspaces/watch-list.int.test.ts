// `GET /api/v2/workspaces/watch`: one server-sent events stream for a whole list of workspaces.
import { SESSION_TOKEN_HEADER, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;

/** Opens the stream as `token`'s user and collects the `workspace_id` of each `event: data`. */
async function watchList(token: string) {
  const abort = new AbortController();
  const res = await fetch(new URL('/api/v2/workspaces/watch', server.url), { headers: { [SESSION_TOKEN_HEADER]: token }, signal: abort.signal });
  const ids: Array<string | null> = [];
  let buffered = '';
  const reading = (async () => {
    for await (const chunk of res.body!) {
      buffered += new TextDecoder().decode(chunk as Uint8Array);
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^event: data\ndata: (.*)$/m.exec(frame);
        if (data) ids.push((JSON.parse(data[1]!) as { workspace_id: string | null }).workspace_id);
      }
    }
  })().catch(() => undefined);
  const until = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`no ${what} on the list stream; got ${JSON.stringify(ids)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const close = async () => {
    abort.abort();
    await reading;
  };
  return { res, ids, until, close };
}

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  member = await withMember(server, owner);
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('the workspaces list stream', () => {
  it('announces each change to a workspace the caller may read, and nothing of the others', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'listed');
    const ownerStream = await watchList(owner.sessionToken!);
    const memberStream = await watchList(member.sessionToken!);
    expect(ownerStream.res.headers.get('content-type')).toBe('text/event-stream');
    // Opening says "read everything once".
    await ownerStream.until('opening event', () => ownerStream.ids.length > 0);
    expect(ownerStream.ids[0]).toBeNull();

    const created = await owner.createUserWorkspace('me', { name: 'listed', template_id: templateId });
    await ownerStream.until('creation', () => ownerStream.ids.includes(created.id));
    const job = await acquire(daemon);
    const seenBefore = ownerStream.ids.filter((id) => id === created.id).length;
    await daemon.failJob({ jobId: job.jobId, error: 'stopped on purpose' });
    await ownerStream.until('the failed build', () => ownerStream.ids.filter((id) => id === created.id).length > seenBefore);

    // The member's own workspace reaches the member; the owner's never does.
    const mine = await member.createUserWorkspace('me', { name: 'mine', template_id: templateId });
    await memberStream.until("the member's workspace", () => memberStream.ids.includes(mine.id));
    expect(memberStream.ids).not.toContain(created.id);
    await ownerStream.until("the member's workspace, seen by the owner", () => ownerStream.ids.includes(mine.id));
    await Promise.all([ownerStream.close(), memberStream.close()]);
  });

  it('needs a session', async () => {
    const res = await fetch(new URL('/api/v2/workspaces/watch', server.url));
    expect(res.status).toBe(401);
  });
});
