// Build timings end to end: a built-in daemon runs real terraform, measures each stage and
// resource, and the server serves them; a daemon's malformed report is dropped, not fatal.
import { AGENT_CONTROL_PATH, SESSION_TOKEN_HEADER, type Client } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer, apiErrorOf } from '../../../../test/support/server';
import { pushTemplate, waitFor } from '../agents/agents.testkit';
import { acquire, agent, importTemplate, resource, startDaemon } from '../jobs/daemon.testkit';

const TEMPLATE = `
data "coder_workspace" "me" {}
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}
resource "terraform_data" "disk" {
  input = data.coder_workspace.me.name
}
resource "terraform_data" "vm" {
  count = data.coder_workspace.me.start_count
  input = terraform_data.disk.output
}
`;

describe('timings of a build run by terraform', () => {
  let server: TestServer;
  let owner: Client;

  beforeAll(async () => {
    server = await startTestServer({ daemons: 1 });
    const o = await withOwner(server);
    owner = o.client;
    const templateId = await pushTemplate(owner, o.organizationId, TEMPLATE, 'timed');
    await owner.createUserWorkspace('me', { name: 'timed', template_id: templateId });
  }, 120_000);
  afterAll(() => server?.close());

  it('records every stage and each resource the apply created, inside the job’s run', async () => {
    const ws = await waitFor('the build', async () => {
      const w = await owner.workspaceByOwnerAndName('me', 'timed');
      return w.latest_build.status === 'running' && w;
    }, 90_000);
    const build = ws.latest_build;
    const { provisioner_timings: timings, agent_script_timings, agent_connection_timings } = await owner.workspaceBuildTimings(build.id);
    expect(agent_script_timings).toEqual([]);
    expect(agent_connection_timings).toEqual([]);
    const stages = timings.filter((t) => t.resource.startsWith('coder_stage_'));
    expect(stages.map((t) => t.stage)).toEqual(['init', 'plan', 'apply', 'graph']);
    expect(stages.every((t) => t.source === 'coder' && t.action === 'terraform' && t.resource === `coder_stage_${t.stage}`)).toBe(true);

    const applied = timings.filter((t) => t.stage === 'apply' && !t.resource.startsWith('coder_stage_'));
    expect(applied.map((t) => t.resource).sort()).toEqual(['terraform_data.disk', 'terraform_data.vm[0]']);
    expect(applied.every((t) => t.action === 'create' && t.source === 'terraform')).toBe(true);
    const plan = timings.filter((t) => t.stage === 'plan' && !t.resource.startsWith('coder_stage_'));
    expect(plan).toContainEqual(expect.objectContaining({ resource: 'data.coder_workspace.me', action: 'read', source: 'coder' }));
    // The daemon computed this template's graph when it imported it, so the build reuses it: the
    // graph stage is recorded, with no `terraform graph` run inside it.
    expect(timings.filter((t) => t.stage === 'graph' && t.source === 'terraform')).toEqual([]);

    const jobStart = Date.parse(build.job.started_at!);
    const jobEnd = Date.parse(build.job.completed_at!);
    for (const t of timings) {
      expect(t.job_id).toBe(build.job.id);
      expect(Date.parse(t.started_at)).toBeLessThanOrEqual(Date.parse(t.ended_at));
      expect(Date.parse(t.started_at)).toBeGreaterThanOrEqual(jobStart - 1000);
      expect(Date.parse(t.ended_at)).toBeLessThanOrEqual(jobEnd + 1000);
    }
    const applyStage = stages.find((t) => t.stage === 'apply')!;
    for (const t of applied) {
      expect(Date.parse(t.started_at)).toBeGreaterThanOrEqual(Date.parse(applyStage.started_at));
      expect(Date.parse(t.ended_at)).toBeLessThanOrEqual(Date.parse(applyStage.ended_at));
    }
  });
});

describe('timings reported by a daemon', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('stores what validates, drops a malformed report without failing the build, and hides other users’ builds', async () => {
    const o = await withOwner(server);
    const daemon = await startDaemon(server.ctx, o.organizationId);
    try {
      const { templateId } = await importTemplate(o.client, daemon, o.organizationId, 'reported');
      const good = await o.client.createUserWorkspace('me', { name: 'good', template_id: templateId });
      await daemon.completeJob({
        jobId: (await acquire(daemon)).jobId,
        type: {
          kind: 'workspace_build',
          state: new Uint8Array(),
          resources: [],
          timings: [
            { start: Date.parse('2026-01-01T10:00:00Z'), end: Date.parse('2026-01-01T10:00:02Z'), stage: 'init', source: 'coder', action: 'terraform', resource: 'coder_stage_init' },
            { start: Date.parse('2026-01-01T10:00:03Z'), end: Date.parse('2026-01-01T10:00:04Z'), stage: 'apply', source: 'null', action: 'create', resource: 'null_resource.dev' },
          ],
        },
      });
      expect((await o.client.workspaceBuildTimings(good.latest_build.id)).provisioner_timings).toEqual([
        { job_id: good.latest_build.job.id, started_at: '2026-01-01T10:00:00.000Z', ended_at: '2026-01-01T10:00:02.000Z', stage: 'init', source: 'coder', action: 'terraform', resource: 'coder_stage_init' },
        { job_id: good.latest_build.job.id, started_at: '2026-01-01T10:00:03.000Z', ended_at: '2026-01-01T10:00:04.000Z', stage: 'apply', source: 'null', action: 'create', resource: 'null_resource.dev' },
      ]);

      const bad = await o.client.createUserWorkspace('me', { name: 'bad', template_id: templateId });
      await daemon.completeJob({
        jobId: (await acquire(daemon)).jobId,
        type: { kind: 'workspace_build', state: new Uint8Array(), resources: [], timings: [{ start: 1, end: 2, stage: 'teleport', source: '', action: '', resource: '' } as never] },
      });
      expect((await o.client.workspace(bad.id)).latest_build.status).toBe('running');
      expect((await o.client.workspaceBuildTimings(bad.latest_build.id)).provisioner_timings).toEqual([]);

      await o.client.createUser({ email: 'm@example.com', username: 'member', password: 'M3mber-has-a-long-pass' });
      const member = server.client((await server.client().login('member', 'M3mber-has-a-long-pass')).session_token);
      expect((await apiErrorOf(member.workspaceBuildTimings(good.latest_build.id))).status).toBe(404);
    } finally {
      await daemon.close();
    }
  });
});

describe('timings of the agent', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('serves the script runs the agent reports and the time until it first connected', async () => {
    const o = await withOwner(server);
    const daemon = await startDaemon(server.ctx, o.organizationId);
    const token = crypto.randomUUID();
    try {
      const { templateId } = await importTemplate(o.client, daemon, o.organizationId, 'agent-timed');
      await o.client.createUserWorkspace('me', { name: 'agent-timed', template_id: templateId });
      await daemon.completeJob({ jobId: (await acquire(daemon)).jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', token)])] } });
    } finally {
      await daemon.close();
    }
    const ws = await o.client.workspaceByOwnerAndName('me', 'agent-timed');
    const agentRow = ws.latest_build.resources.flatMap((r) => r.agents ?? [])[0]!;
    const me = (route: string, init: RequestInit = {}) =>
      fetch(new URL(`/api/v2/workspaceagents/me/${route}`, server.url), {
        ...init,
        headers: { [SESSION_TOKEN_HEADER]: token, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
      });
    const manifest = (await (await me('manifest')).json()) as { scripts: Array<{ id: string; display_name: string }> };
    const script = manifest.scripts[0]!;
    const timing = { script_id: script.id, start: '2026-01-01T10:00:00.000Z', end: '2026-01-01T10:00:05.000Z', exit_code: 1, stage: 'start', status: 'exit_failure' };
    const post = (body: unknown) => me('script-completed', { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ timing })).status).toBe(204);
    expect((await post({ timing })).status).toBe(204); // a repeated report is kept once
    expect((await post({ timing: { ...timing, script_id: '00000000-0000-4000-8000-000000000000' } })).status).toBe(400);
    expect((await post({ timing: { ...timing, status: 'exploded' } })).status).toBe(400);

    const control = new WebSocket(new URL(AGENT_CONTROL_PATH, server.url.toString().replace(/^http/, 'ws')), { headers: { [SESSION_TOKEN_HEADER]: token } });
    await new Promise<void>((resolve, reject) => {
      control.once('open', () => resolve());
      control.once('error', reject);
    });
    const timings = await waitFor('the agent to count as connected', async () => {
      const t = await o.client.workspaceBuildTimings(ws.latest_build.id);
      return t.agent_connection_timings.length > 0 && t;
    });
    control.close();
    expect(timings.agent_script_timings).toEqual([
      {
        started_at: timing.start,
        ended_at: timing.end,
        exit_code: 1,
        stage: 'start',
        status: 'exit_failure',
        display_name: script.display_name,
        workspace_agent_id: agentRow.id,
        workspace_agent_name: 'main',
      },
    ]);
    const connect = timings.agent_connection_timings[0]!;
    expect(connect).toMatchObject({ stage: 'connect', workspace_agent_id: agentRow.id, workspace_agent_name: 'main', started_at: agentRow.created_at });
    expect(Date.parse(connect.ended_at)).toBeGreaterThanOrEqual(Date.parse(connect.started_at));
  });
});
