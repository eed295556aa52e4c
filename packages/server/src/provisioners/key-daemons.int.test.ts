import { BUILT_IN_PROVISIONER_KEY_ID, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf, withMember } from '../../../../test/support/server';
import { createProvisionerDaemonApi, type ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, importTemplate, startDaemon } from '../jobs/daemon.testkit';
import { getProvisionerKeyByName } from '../db/queries/provisioner-keys';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;
let ownerId: string;
const daemons: ServerProvisionerDaemonApi[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  ownerId = o.userId;
  member = await withMember(server, owner);
});
afterAll(async () => {
  for (const d of daemons) await d.close();
  await server?.close();
});

describe('provisioner keys with their daemons', () => {
  it('groups the organization’s daemons by the key they connected with, reserved keys first', async () => {
    await owner.createProvisionerKey(orgId, { name: 'gpu', tags: { gpu: 'true' } });
    await owner.createProvisionerKey(orgId, { name: 'idle' });
    const gpuKey = (await getProvisionerKeyByName(server.ctx.db, orgId, 'gpu'))!;
    daemons.push(await startDaemon(server.ctx, orgId, 'built-in-1'));
    daemons.push(await createProvisionerDaemonApi(server.ctx, { name: 'gpu-1', organizationId: orgId, tags: { gpu: 'true' }, keyId: gpuKey.id }));

    const groups = await owner.provisionerKeyDaemons('default');
    expect(groups.map((g) => g.key.name)).toEqual(['built-in', 'user-auth', 'psk', 'gpu', 'idle']);
    const byName = Object.fromEntries(groups.map((g) => [g.key.name, g]));
    expect(byName['built-in']!.key.id).toBe(BUILT_IN_PROVISIONER_KEY_ID);
    expect(byName['built-in']!.daemons.map((d) => d.name)).toEqual(['built-in-1']);
    expect(byName.gpu!.key.tags).toEqual({ gpu: 'true' });
    expect(byName.gpu!.daemons.map((d) => d.name)).toEqual(['gpu-1']);
    expect(byName.gpu!.daemons[0]!.key_name).toBe('gpu');
    expect(byName.idle!.daemons).toEqual([]);
    expect(byName.psk!.daemons).toEqual([]);
    expect((await apiErrorOf(member.provisionerKeyDaemons('default'))).status).toBe(404);
  });
});

describe('provisioner job metadata', () => {
  it('names the template, version and workspace a job is about', async () => {
    const daemon = daemons[0]!;
    const { version, templateId } = await importTemplate(owner, daemon, orgId, 'meta');
    const importJob = await owner.provisionerJob(orgId, version.job.id);
    expect(importJob.metadata).toEqual({
      template_version_name: version.name,
      template_id: templateId,
      template_name: 'meta',
      template_display_name: '',
      template_icon: '',
    });
    const ws = await owner.createUserWorkspace('me', { name: 'meta-ws', template_id: templateId });
    const buildJob = (await owner.provisionerJobs(orgId, { status: 'pending' })).find((j) => j.id === ws.latest_build.job.id)!;
    expect(buildJob.metadata).toEqual({
      template_version_name: version.name,
      template_id: templateId,
      template_name: 'meta',
      template_display_name: '',
      template_icon: '',
      workspace_id: ws.id,
      workspace_name: 'meta-ws',
    });
    expect(ws.latest_build.job.metadata.workspace_name).toBe('meta-ws');
    expect(buildJob.initiator_id).toBe(ownerId);
    expect(buildJob.worker_name).toBeUndefined();
    await acquire(daemon);
    // Once taken, the job names the daemon running it, as Coder's worker_name does.
    const running = await owner.provisionerJob(orgId, buildJob.id);
    expect(running).toMatchObject({ status: 'running', worker_id: expect.any(String), worker_name: 'built-in-1', initiator_id: ownerId });
  });
});
