// A schedule end to end: real terraform and the real agent, the server's clock moved forward by
// the test. The start's deadline comes from the TTL; past it the executor stops the workspace (its
// agent goes away); at the schedule's next time it starts it again and the agent comes back.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, Workspace } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { agentOf, killPidFile, pushAgentTemplate, startAgentWorkspace, waitFor } from './support/agent-workspace';

const HOUR = 3600_000;
let offsetMs = 0;
let server: TestServer;
let owner: Client;
let root: string;
let workspace: Workspace;

const serverNow = () => Date.now() + offsetMs;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const agentPid = () => Number(readFileSync(path.join(root, workspace.id, 'agent.pid'), 'utf8').trim());

async function settled(id: string): Promise<Workspace> {
  return waitFor('the build to finish', async () => {
    const w = await owner.workspace(id);
    return ['succeeded', 'failed', 'canceled'].includes(w.latest_build.job.status) && w;
  }, 60_000);
}

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  server = await startTestServer({ daemons: 1, clock: () => new Date(serverNow()) });
  const o = await withOwner(server);
  owner = o.client;
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-scheduled-'));
  const templateId = await pushAgentTemplate(owner, o.organizationId, root, 'scheduled');
  await owner.updateTemplateMeta(templateId, { default_ttl_ms: HOUR });
  ({ workspace } = await startAgentWorkspace(owner, templateId, 'dev'));
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (workspace) killPidFile(path.join(root, workspace.id, 'agent.pid'));
});

describe('scheduled builds of a real workspace', () => {
  it("gives the start the template's default TTL as its deadline", () => {
    expect(workspace.ttl_ms).toBe(HOUR);
    const completed = Date.parse(workspace.latest_build.job.completed_at!);
    expect(Date.parse(workspace.latest_build.deadline!)).toBe(completed + HOUR);
  });

  it('stops the workspace once the deadline has passed, ending its agent', async () => {
    const pid = agentPid();
    expect(alive(pid)).toBe(true);
    offsetMs = Date.parse(workspace.latest_build.deadline!) - Date.now() + 1000;
    expect([...(await server.autobuild.runOnce()).values()]).toEqual([{ transition: 'stop', reason: 'autostop' }]);
    const stopped = await settled(workspace.id);
    expect(stopped.latest_build).toMatchObject({ transition: 'stop', reason: 'autostop', status: 'stopped' });
    await waitFor('the agent process to end', async () => !alive(pid), 20_000);
  });

  it('starts it again at the next scheduled time, and the agent comes back', async () => {
    // Daily at the top of an hour one to two hours ahead (the owner's session stays valid).
    const next = new Date(serverNow() + 2 * HOUR);
    next.setUTCMinutes(0, 0, 0);
    await owner.updateWorkspaceAutostart(workspace.id, { schedule: `CRON_TZ=UTC 0 ${next.getUTCHours()} * * *` });
    expect((await owner.workspace(workspace.id)).next_start_at).toBe(next.toISOString());
    offsetMs = next.getTime() - 60_000 - Date.now();
    expect(await server.autobuild.runOnce()).toEqual(new Map());
    offsetMs = next.getTime() - Date.now();
    expect([...(await server.autobuild.runOnce()).values()]).toEqual([{ transition: 'start', reason: 'autostart' }]);
    const started = await settled(workspace.id);
    expect(started.latest_build).toMatchObject({ transition: 'start', reason: 'autostart', status: 'running' });
    expect(Date.parse(started.latest_build.deadline!)).toBe(Date.parse(started.latest_build.job.completed_at!) + HOUR);
    await waitFor('the agent to be ready again', async () => {
      const a = agentOf(await owner.workspace(workspace.id));
      return a?.status === 'connected' && a.lifecycle_state === 'ready';
    }, 60_000);
    expect(alive(agentPid())).toBe(true);
  });
});
