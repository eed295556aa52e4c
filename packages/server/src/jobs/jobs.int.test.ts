import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Client, ProvisionerJobLog, Workspace } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import { describeWithFixture } from '../../../../test/support/describe-with-fixture';
import { insertOrganization } from '../db/queries/organizations';
import { acquireProvisionerJob, insertProvisionerJob } from '../db/queries/provisioner-jobs';
import { acquire, importTemplate, startDaemon, tarOf, MAIN_TF } from './daemon.testkit';
import type { ServerProvisionerDaemonApi } from './daemon-api';

let now = new Date('2030-01-01T00:00:00Z');
let server: TestServer;
let owner: Client;
let orgId: string;
let userId: string;
let daemon: ServerProvisionerDaemonApi;

beforeAll(async () => {
  server = await startTestServer({ clock: () => now });
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  userId = o.userId;
  daemon = await startDaemon(server.ctx, orgId);
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

function parseTags(text: string): Record<string, string> {
  return Object.fromEntries(text.split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

describeWithFixture('provisioner-tags.tsv', 'job acquisition', (table) => {
  it('follows the provisioner tag table', async () => {
    const rows = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(21);
    const db = server.ctx.db;
    const otherOrg = await insertOrganization(db, { id: randomUUID(), name: 'elsewhere', displayName: 'Elsewhere', description: '', isDefault: false, now });
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MAIN_TF }));
    for (const row of rows) {
      const [daemonTags, jobTags, sameOrg, canRun] = row.split('\t') as [string, string, string, string];
      await db.tx(async (q) => {
        await q.query('SELECT 1'); // one transaction per row, rolled back below
        const job = await insertProvisionerJob(q, {
          id: randomUUID(),
          organizationId: sameOrg === 'true' ? orgId : otherOrg.id,
          initiatorId: userId,
          provisioner: 'terraform',
          type: 'template_version_import',
          input: {},
          fileId: hash,
          tags: parseTags(jobTags),
          traceMetadata: {},
          now,
        });
        const got = await acquireProvisionerJob(q, { daemonId: null, organizationId: orgId, provisioners: ['terraform'], tags: parseTags(daemonTags), now });
        expect(got?.id === job.id, `daemon {${daemonTags}} job {${jobTags}} same_org=${sameOrg}`).toBe(canRun === 'true');
        throw new RollbackSignal();
      }).catch((err: unknown) => {
        if (!(err instanceof RollbackSignal)) throw err;
      });
    }
  });
});

class RollbackSignal extends Error {}

describe('stale jobs', () => {
  it('fails a running job whose daemon went silent, and refuses the daemon afterwards', async () => {
    const { version } = await importTemplate(owner, daemon, orgId, 'reaped');
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MAIN_TF + '# v2\n' }));
    const v2 = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: version.template_id });
    const job = await acquire(daemon);
    now = new Date(now.getTime() + 60_000);
    await daemon.updateJob({ jobId: job.jobId, logs: [] });
    now = new Date(now.getTime() + 89_000);
    expect(await server.jobReaper.reapOnce()).toBe(0);
    now = new Date(now.getTime() + 2_000);
    expect(await server.jobReaper.reapOnce()).toBe(1);
    const failed = await owner.templateVersion(v2.id);
    expect(failed.job.status).toBe('failed');
    expect(failed.job.error).toMatch(/has not reported for 90 seconds/);
    await expect(daemon.completeJob({ jobId: job.jobId, type: { kind: 'template_dry_run', resources: [] } })).rejects.toThrow(/already completed/);
  });
});

describe('log streaming', () => {
  it('answers logs as JSON and follows them over a WebSocket until the job completes', async () => {
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': MAIN_TF + '# logs\n' }));
    const version = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform' });
    const job = await acquire(daemon);
    const log = (output: string) => ({ source: 'provisioner' as const, level: 'info' as const, createdAt: Date.now(), stage: 'Plan', output });
    await daemon.updateJob({ jobId: job.jobId, logs: [log('one'), log('two')] });
    const all = await owner.templateVersionLogs(version.id);
    expect(all.map((l) => l.output)).toEqual(['one', 'two']);
    expect((await owner.templateVersionLogs(version.id, all[0]!.id)).map((l) => l.output)).toEqual(['two']);

    const ws = new WebSocket(owner.followLogsUrl('templateversions', version.id, all[0]!.id));
    const received: ProvisionerJobLog[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve, reject) => {
      ws.on('message', (data, isBinary) => {
        expect(isBinary).toBe(false);
        received.push(JSON.parse(String(data)) as ProvisionerJobLog);
        if (received.length === 1) {
          void daemon
            .updateJob({ jobId: job.jobId, logs: [log('three')] })
            .then(() => daemon.completeJob({ jobId: job.jobId, type: { kind: 'template_import', startResources: [], stopResources: [], richParameters: [], externalAuthProviders: [], presets: [] } }));
        }
      });
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
      ws.on('error', reject);
    });
    expect(await closed).toEqual({ code: 1000, reason: 'done' });
    expect(received.map((l) => l.output)).toEqual(['two', 'three']);
    expect(received[0]).toMatchObject({ log_source: 'provisioner', log_level: 'info', stage: 'Plan' });

    const denied = new WebSocket(server.client().followLogsUrl('templateversions', version.id));
    const status = await new Promise<number>((resolve) => denied.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });
});

describe('workspace watch', () => {
  it('streams the workspace at once and after each change', async () => {
    const { templateId } = await importTemplate(owner, daemon, orgId, 'watched');
    const ws = await owner.createWorkspace(orgId, 'me', { name: 'watched', template_id: templateId });
    const url = owner.watchWorkspaceUrl(ws.id);
    const events: Workspace[] = [];
    let buffer = '';
    let onEvent: (() => void) | undefined;
    const req = request(url, { headers: { 'Coder-Session-Token': owner.sessionToken! } }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream');
      expect(res.headers['cache-control']).toBe('no-cache');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          if (lines[0] === 'event: data') events.push(JSON.parse(lines[1]!.slice('data: '.length)) as Workspace);
          onEvent?.();
        }
      });
    });
    req.end();
    const waitFor = (pred: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${events.map((e) => e.latest_build.status).join(',')}`)), 5000);
        const check = () => {
          if (pred()) {
            clearTimeout(timer);
            onEvent = undefined;
            resolve();
          }
        };
        onEvent = check;
        check();
      });
    await waitFor(() => events.length >= 1);
    expect(events[0]).toMatchObject({ id: ws.id, latest_build: { status: 'pending' } });
    const job = await acquire(daemon);
    await waitFor(() => events.some((e) => e.latest_build.status === 'starting'));
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
    await waitFor(() => events.some((e) => e.latest_build.status === 'running'));
    req.destroy();
  });
});
