// `warren schedule` against a real server, with the test as the provisioner daemon.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProvisionerDaemonApi } from '../../server/src/jobs/daemon-api';
import { acquire, agent, resource } from '../../server/src/jobs/daemon.testkit';
import { startCliDeployment, type CliDeployment } from './cli-deployment.testkit';

let d: CliDeployment;
let owner: Client;
let daemon: ServerProvisionerDaemonApi;
let workspaceId: string;
const cli = (...argv: string[]) => d.cli(...argv);

beforeAll(async () => {
  d = await startCliDeployment('scheduled');
  ({ owner, daemon } = d);
  workspaceId = (await owner.createWorkspace(d.orgId, 'me', { name: 'dev', template_id: d.templateId })).id;
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main')])] } });
});
afterAll(() => d?.close());

describe('warren schedule', () => {
  it('sets the start schedule from time, days and place, and prints the schedule', async () => {
    const res = await cli('schedule', 'start', 'dev', '9:30AM', 'Mon-Fri', 'Europe/Dublin');
    expect(res.stderr).toBe('');
    const [header, row] = res.stdout.trim().split('\n');
    expect(header).toMatch(/^WORKSPACE\s+STARTS AT\s+STARTS NEXT\s+STOPS AFTER\s+STOPS NEXT$/);
    expect(row).toContain('owner/dev');
    expect(row).toContain('9:30AM Mon-Fri (Europe/Dublin)');
    // The next start, in RFC 3339 in this machine's zone.
    expect(row).toMatch(/\d{4}-\d\d-\d\dT\d\d:30:00(Z|[+-]\d\d:\d\d)/);
    expect((await owner.workspace(workspaceId)).autostart_schedule).toBe('CRON_TZ=Europe/Dublin 30 9 * * Mon-Fri');
  });

  it('sets the stop after a duration, and refuses to extend a start that stops manually', async () => {
    const stop = await cli('schedule', 'stop', 'dev', '2h30m');
    expect(stop.stdout).toContain('2h30m');
    expect((await owner.workspace(workspaceId)).ttl_ms).toBe(150 * 60_000);
    const soon = await cli('schedule', 'extend', 'dev', '10m');
    expect([soon.code, soon.stdout]).toEqual([0, 'Please specify a duration of at least 30 minutes.\n']);
    // The running start began before the TTL was set, so it has no deadline to move.
    const manual = await cli('schedule', 'override-stop', 'dev', '90m');
    expect([manual.code, manual.stderr]).toEqual([1, 'error: Workspace shutdown is manual.\n']);
  });

  it('extends the deadline of a start that has one', async () => {
    await owner.createWorkspaceBuild(workspaceId, { transition: 'stop' });
    const stopJob = await acquire(daemon);
    await daemon.completeJob({ jobId: stopJob.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [] } });
    await owner.createWorkspaceBuild(workspaceId, { transition: 'start' });
    const startJob = await acquire(daemon);
    await daemon.completeJob({ jobId: startJob.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main')])] } });
    const before = Date.now();
    const res = await cli('schedule', 'extend', 'dev', '3h');
    expect(res.stderr).toBe('');
    const deadline = new Date((await owner.workspace(workspaceId)).latest_build.deadline!).getTime();
    expect(deadline - before).toBeGreaterThanOrEqual(3 * 3600_000 - 1000);
    expect(deadline - before).toBeLessThan(3 * 3600_000 + 60_000);
  });

  it('shows schedules as JSON, and clears the start schedule with manual', async () => {
    const json = JSON.parse((await cli('schedule', 'show', '-o', 'json')).stdout) as Array<Record<string, string>>;
    expect(json).toEqual([expect.objectContaining({ workspace: 'owner/dev', starts_at: '9:30AM Mon-Fri (Europe/Dublin)', stops_after: '2h30m' })]);
    expect(json[0]!.stops_next).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    await cli('schedule', 'start', 'dev', 'manual');
    expect((await owner.workspace(workspaceId)).autostart_schedule).toBeUndefined();
    await cli('schedule', 'stop', 'dev', 'manual');
    expect((await owner.workspace(workspaceId)).ttl_ms).toBeUndefined();
  });

  it('creates a workspace with a schedule (--start-at, --stop-after)', async () => {
    const created = cli('create', 'other', '--template', 'scheduled', '--start-at', '7:15am Sat Asia/Tokyo', '--stop-after', '90m', '-y');
    const job = await acquire(daemon);
    await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main')])] } });
    expect((await created).stderr).toBe('');
    const other = await owner.workspaceByOwnerAndName('me', 'other');
    expect([other.autostart_schedule, other.ttl_ms]).toEqual(['CRON_TZ=Asia/Tokyo 15 7 * * Sat', 90 * 60_000]);
    expect(other.latest_build.deadline).not.toBeNull();
    const bad = await cli('create', 'third', '--template', 'scheduled', '--start-at', 'whenever', '-y');
    expect([bad.code, bad.stderr]).toEqual([1, 'error: Start time must be in the format hh:mm[am|pm] or HH:MM\n']);
  });

  it("edits the template's schedule settings, which then bind the workspace's owner", async () => {
    const edit = await cli('templates', 'edit', 'scheduled', '--default-ttl', '2h', '--activity-bump', '30m', '--allow-user-autostart=false', '-y');
    expect([edit.code, edit.stderr]).toEqual([0, '']);
    expect(edit.stdout).toMatch(/^Updated template metadata at /);
    const template = await owner.templateByName((await owner.organization('default')).id, 'scheduled');
    expect(template).toMatchObject({ default_ttl_ms: 2 * 3600_000, activity_bump_ms: 30 * 60_000, allow_user_autostart: false, allow_user_autostop: true });
    const refused = await cli('schedule', 'start', 'dev', '9:00', 'UTC');
    expect(refused.stderr).toContain('Autostart is not allowed for workspaces using this template.');
    expect((await cli('templates', 'edit', 'scheduled', '--allow-user-autostart', '-y')).code).toBe(0);
    expect((await cli('templates', 'edit', 'scheduled', '-y')).stderr).toContain('Nothing to change');
    expect((await cli('templates', 'edit', 'scheduled', '--default-ttl', 'a while', '-y')).stderr).toContain('not a duration');
  });

  it('refuses words it cannot read, and the server refuses days it cannot', async () => {
    expect((await cli('schedule', 'start', 'dev', '25:00')).stderr).toContain('Start time must be in the format hh:mm[am|pm] or HH:MM');
    expect((await cli('schedule', 'stop', 'dev', 'soon')).stderr).toContain('not a duration');
    const days = await cli('schedule', 'start', 'dev', '9:00', 'Funday', 'UTC');
    expect(days.code).toBe(1);
    expect(days.stderr).toContain('Invalid autostart schedule.');
    expect((await cli('schedule', 'show', 'nope')).code).toBe(1);
  });
});
