// Workspace schedules end to end on a real server and database, with the test as provisioner
// daemon and the server's clock in the test's hands: TTL deadlines, extending them, activity
// bumps, and the executor's autostop and autostart builds.
import type { Client, Workspace } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { acquire, agent, importTemplate, MAIN_TF, resource, startDaemon, tarOf } from '../jobs/daemon.testkit';

const HOUR = 3600_000;
const BERLIN_WEEKDAYS_AT_9 = 'CRON_TZ=Europe/Berlin 0 9 * * 1-5';

let now = new Date('2026-12-06T12:00:00Z'); // a Sunday
let server: TestServer;
let owner: Client;
let orgId: string;
let daemon: ServerProvisionerDaemonApi;
let templateId: string;
/** The token of the agent of the latest start (each start makes a new agent). */
let agentToken = crypto.randomUUID();

const later = (ms: number) => (now = new Date(now.getTime() + ms));

/** Plays the daemon for the workspace's pending build. */
async function finishBuild(transition: 'start' | 'stop'): Promise<void> {
  const job = await acquire(daemon);
  if (job.type.kind !== 'workspace_build') throw new Error('expected a build');
  expect(job.type.metadata.workspaceTransition).toBe(transition);
  if (transition === 'start') agentToken = crypto.randomUUID();
  const resources = transition === 'start' ? [resource('dev', [agent('main', agentToken)])] : [];
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new TextEncoder().encode('{}'), resources } });
}

beforeAll(async () => {
  server = await startTestServer({ clock: () => now });
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  daemon = await startDaemon(server.ctx, orgId);
  ({ templateId } = await importTemplate(owner, daemon, orgId, 'scheduled'));
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

describe('workspace schedules', () => {
  let ws: Workspace;

  it('refuses a schedule or TTL it cannot keep when a workspace is created, with the field named', async () => {
    const badSchedule = await apiErrorOf(owner.createWorkspace(orgId, 'me', { name: 'bad', template_id: templateId, autostart_schedule: '0 9 1 * *' }));
    expect(badSchedule.status).toBe(400);
    expect(badSchedule.response).toMatchObject({ message: 'Invalid Autostart Schedule.', validations: [{ field: 'schedule', detail: expect.stringContaining('day-of-month and month to be *') }] });
    const shortTtl = await apiErrorOf(owner.createWorkspace(orgId, 'me', { name: 'bad', template_id: templateId, ttl_ms: 30_000 }));
    expect(shortTtl.response).toMatchObject({ message: 'Invalid Workspace Time to Shutdown.', validations: [{ field: 'ttl_ms', detail: 'time until shutdown must be at least one minute' }] });
    expect((await owner.workspaces()).count).toBe(0);
  });

  it('gives a completed start its deadline from the TTL, and shows when the schedule starts it next', async () => {
    ws = await owner.createWorkspace(orgId, 'me', { name: 'dev', template_id: templateId, autostart_schedule: BERLIN_WEEKDAYS_AT_9, ttl_ms: 2 * HOUR + 30_000 });
    expect(ws).toMatchObject({ autostart_schedule: BERLIN_WEEKDAYS_AT_9, ttl_ms: 2 * HOUR, next_start_at: '2026-12-07T08:00:00.000Z' });
    expect(ws.latest_build.deadline).toBeNull();
    later(10_000);
    await finishBuild('start');
    ws = await owner.workspace(ws.id);
    expect(ws.latest_build).toMatchObject({ status: 'running', deadline: new Date(now.getTime() + 2 * HOUR).toISOString() });
  });

  it('extends the deadline at least 30 minutes ahead, and says so', async () => {
    const tooSoon = await apiErrorOf(owner.extendWorkspace(ws.id, { deadline: new Date(now.getTime() + 10 * 60_000).toISOString() }));
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.message).toBe('Cannot extend workspace: new deadline must be at least 30 minutes in the future');
    expect((await apiErrorOf(owner.extendWorkspace(ws.id, { deadline: 'tomorrow' } as never))).status).toBe(400);
    const deadline = new Date(now.getTime() + 3 * HOUR);
    expect(await owner.extendWorkspace(ws.id, { deadline: deadline.toISOString() })).toEqual({ message: `Deadline updated to ${deadline.toISOString().replace('.000Z', 'Z')}.` });
    expect((await owner.workspace(ws.id)).latest_build.deadline).toBe(deadline.toISOString());
  });

  it('moves the deadline out by the activity bump when the agent reports sessions near it, never earlier', async () => {
    const report = (body: object) =>
      fetch(new URL('/api/v2/workspaceagents/me/report-stats', server.url), {
        method: 'POST',
        headers: { 'Coder-Session-Token': agentToken, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const before = (await owner.workspace(ws.id)).latest_build.deadline;
    expect((await report({ connection_count: 1, session_count_ssh: 1 })).status).toBe(200);
    expect((await owner.workspace(ws.id)).latest_build.deadline).toBe(before);
    later(3 * HOUR - 20 * 60_000); // 20 minutes before the deadline
    expect((await report({ connection_count: 0 })).status).toBe(200);
    expect((await owner.workspace(ws.id)).latest_build.deadline).toBe(before);
    expect((await report({ connection_count: 1, session_count_ssh: 1 })).status).toBe(200);
    expect((await owner.workspace(ws.id)).latest_build.deadline).toBe(new Date(now.getTime() + HOUR).toISOString());
  });

  it('stops the workspace once the deadline has passed, as the owner with reason autostop', async () => {
    later(HOUR - 1000);
    expect(await server.autobuild.runOnce()).toEqual(new Map());
    later(1000);
    expect(await server.autobuild.runOnce()).toEqual(new Map([[ws.id, { transition: 'stop', reason: 'autostop' }]]));
    // Queued once: the stop is pending now.
    expect(await server.autobuild.runOnce()).toEqual(new Map());
    ws = await owner.workspace(ws.id);
    expect(ws.latest_build).toMatchObject({ transition: 'stop', reason: 'autostop', initiator_id: ws.owner_id, build_number: 2 });
    await finishBuild('stop');
    const extend = await apiErrorOf(owner.extendWorkspace(ws.id, { deadline: new Date(now.getTime() + HOUR).toISOString() }));
    expect([extend.status, extend.message]).toEqual([409, 'Workspace must be started, current status: stop']);
  });

  it('starts it on schedule (Monday 9:00 in Berlin), and the new start gets its own deadline', async () => {
    now = new Date('2026-12-07T07:59:00Z');
    expect(await server.autobuild.runOnce()).toEqual(new Map());
    now = new Date('2026-12-07T08:00:00Z');
    expect(await server.autobuild.runOnce()).toEqual(new Map([[ws.id, { transition: 'start', reason: 'autostart' }]]));
    later(5000);
    await finishBuild('start');
    ws = await owner.workspace(ws.id);
    expect(ws.latest_build).toMatchObject({ transition: 'start', reason: 'autostart', status: 'running', deadline: new Date(now.getTime() + 2 * HOUR).toISOString() });
    expect(ws.next_start_at).toBe('2026-12-08T08:00:00.000Z');
  });

  it('turns autostop off (clearing the running deadline) and refuses TTLs out of range', async () => {
    const short = await apiErrorOf(owner.updateWorkspaceTtl(ws.id, { ttl_ms: 59_000 }));
    expect(short.response).toMatchObject({ message: 'Error updating workspace time until shutdown.', validations: [{ field: 'ttl_ms' }] });
    const long = await apiErrorOf(owner.updateWorkspaceTtl(ws.id, { ttl_ms: 31 * 24 * HOUR }));
    expect(long.response.validations?.[0]?.detail).toBe('time until shutdown must be less than 30 days');
    await owner.updateWorkspaceTtl(ws.id, { ttl_ms: null });
    ws = await owner.workspace(ws.id);
    expect(ws.ttl_ms).toBeUndefined();
    expect(ws.latest_build.deadline).toBeNull();
    const manual = await apiErrorOf(owner.extendWorkspace(ws.id, { deadline: new Date(now.getTime() + HOUR).toISOString() }));
    expect([manual.status, manual.message]).toEqual([409, 'Workspace shutdown is manual.']);
    later(20 * HOUR);
    expect(await server.autobuild.runOnce()).toEqual(new Map());
    await owner.updateWorkspaceTtl(ws.id, { ttl_ms: 8 * HOUR });
    expect((await owner.workspace(ws.id)).ttl_ms).toBe(8 * HOUR);
  });

  it('sets and clears the autostart schedule, refusing one that does not parse', async () => {
    const bad = await apiErrorOf(owner.updateWorkspaceAutostart(ws.id, { schedule: 'CRON_TZ=Nowhere/Atlantis 0 9 * * *' }));
    expect(bad.response).toMatchObject({ message: 'Invalid autostart schedule.', validations: [{ field: 'schedule', detail: expect.stringContaining('Nowhere/Atlantis') }] });
    await owner.updateWorkspaceAutostart(ws.id, { schedule: '30 7 * * *' });
    ws = await owner.workspace(ws.id);
    expect(ws.autostart_schedule).toBe('30 7 * * *');
    expect(new Date(ws.next_start_at!).getTime()).toBeGreaterThan(now.getTime());
    await owner.updateWorkspaceAutostart(ws.id, { schedule: null });
    ws = await owner.workspace(ws.id);
    expect([ws.autostart_schedule, ws.next_start_at]).toEqual([undefined, null]);
  });

  it("starts on the template's active version when the workspace's automatic updates are always", async () => {
    const wrong = await apiErrorOf(owner.updateWorkspaceAutomaticUpdates(ws.id, { automatic_updates: 'sometimes' }));
    expect(wrong.response).toMatchObject({ message: 'Invalid request', validations: [{ field: 'automatic_updates', detail: 'must be always or never' }] });
    await owner.updateWorkspaceAutomaticUpdates(ws.id, { automatic_updates: 'always' });
    expect((await owner.workspace(ws.id)).automatic_updates).toBe('always');

    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': `${MAIN_TF}# v2\n` }));
    const v2 = await owner.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', template_id: templateId });
    const importJob = await acquire(daemon);
    await daemon.completeJob({
      jobId: importJob.jobId,
      type: { kind: 'template_import', startResources: [resource('dev', [agent('main')])], stopResources: [], richParameters: [], externalAuthProviders: [], presets: [] },
    });
    await owner.updateActiveTemplateVersion(templateId, v2.id);

    await owner.updateWorkspaceAutostart(ws.id, { schedule: '0 9 * * *' });
    await owner.createWorkspaceBuild(ws.id, { transition: 'stop' });
    await finishBuild('stop');
    now = new Date('2026-12-08T09:00:00Z');
    expect(await server.autobuild.runOnce()).toEqual(new Map([[ws.id, { transition: 'start', reason: 'autostart' }]]));
    expect((await owner.workspace(ws.id)).latest_build).toMatchObject({ transition: 'start', template_version_id: v2.id });
    await finishBuild('start');
  });

  it('keeps to what the template allows', async () => {
    await owner.updateTemplateMeta(templateId, { allow_user_autostart: false, allow_user_autostop: false, default_ttl_ms: HOUR });
    const autostart = await apiErrorOf(owner.updateWorkspaceAutostart(ws.id, { schedule: BERLIN_WEEKDAYS_AT_9 }));
    expect(autostart.response).toMatchObject({ message: 'Autostart is not allowed for workspaces using this template.', validations: [{ field: 'schedule' }] });
    const ttl = await apiErrorOf(owner.updateWorkspaceTtl(ws.id, { ttl_ms: HOUR }));
    expect(ttl.response.validations).toEqual([{ field: 'ttl_ms', detail: 'Custom autostop TTL is not allowed for workspaces using this template.' }]);
    // A new workspace without a TTL takes the template's default, and with autostop in the
    // template's hands its start stops after the template's TTL, whatever the workspace says.
    const other = await owner.createWorkspace(orgId, 'me', { name: 'other', template_id: templateId });
    expect(other.ttl_ms).toBe(HOUR);
    await finishBuild('start');
    expect((await owner.workspace(other.id)).latest_build.deadline).toBe(new Date(now.getTime() + HOUR).toISOString());
  });

  it('answers 404 to a member who cannot see the workspace, and 400 to bodies that are not requests', async () => {
    const member = await withMember(server, owner);
    for (const call of [
      () => member.updateWorkspaceAutostart(ws.id, { schedule: null }),
      () => member.updateWorkspaceTtl(ws.id, { ttl_ms: null }),
      () => member.extendWorkspace(ws.id, { deadline: new Date(now.getTime() + HOUR).toISOString() }),
    ]) {
      expect((await apiErrorOf(call())).status).toBe(404);
    }
    expect((await owner.raw('PUT', `/api/v2/workspaces/${ws.id}/ttl`, JSON.stringify({ ttl_ms: 'soon' }), { 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await owner.raw('PUT', `/api/v2/workspaces/${ws.id}/autostart`, JSON.stringify({ schedule: 7 }), { 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await owner.raw('PUT', `/api/v2/workspaces/not-a-uuid/autostart`, JSON.stringify({}), { 'Content-Type': 'application/json' })).status).toBe(400);
  });
});
