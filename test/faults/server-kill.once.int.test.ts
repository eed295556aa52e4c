// The server SIGKILLed while its built-in daemon applies a build: after a restart the hang
// detector fails the orphaned job with a sentence, nothing acknowledged before the kill is lost, and
// the workspace builds again.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database';
import { dumpOutput, finished, report, startDeployment, waitUntil, type Deployment } from './support';

const HANG_TIMEOUT_S = 10;
let dep: Deployment;

beforeAll(async () => {
  dep = await startDeployment({
    postgresUrl: await createTestDatabase(),
    env: { CODER_PROVISIONER_DAEMONS: '1', CODER_PROVISIONER_JOB_HANG_TIMEOUT: `${HANG_TIMEOUT_S}s`, SLEEP_SECONDS: '120' },
  });
  await dep.pushTemplate('slow');
}, 180_000);

afterEach((t) => {
  if (t.task.result?.state === 'fail') dumpOutput(dep);
});
afterAll(() => dep?.stopAll());

describe('server SIGKILLed during a build', () => {
  it('fails the orphaned job within the hang timeout after a restart, loses nothing acknowledged, and builds again', async () => {
    const { owner } = dep;
    const template = await owner.templateByName('default', 'slow');
    const version = await owner.templateVersion(template.active_version_id);
    const fileBefore = createHash('sha256').update(await owner.file(version.job.file_id)).digest('hex');
    const ws = await owner.createUserWorkspace('me', { name: 'killed', template_id: template.id });
    await waitUntil('the apply to print tick-3', async () => ((await owner.workspaceBuildLogs(ws.latest_build.id)).some((l) => l.output.includes('tick-3')) ? true : undefined), 90_000);
    const logsBefore = await owner.workspaceBuildLogs(ws.latest_build.id);
    const buildsBefore = await owner.workspaceBuilds(ws.id);

    dep.server.killGroup();
    await dep.server.exited;
    const killedAt = Date.now();
    await dep.startServer({ SLEEP_SECONDS: '0' });
    report('server SIGKILL: restart until listening', Date.now() - killedAt);

    const failed = await finished(owner, ws.latest_build.id, (HANG_TIMEOUT_S + 60) * 1000);
    const recovered = Date.now() - killedAt;
    report(`server SIGKILL: orphaned job failed (hang timeout ${HANG_TIMEOUT_S} s)`, recovered);
    expect(failed.job.status).toBe('failed');
    expect(failed.job.error).toContain(`has not reported for ${HANG_TIMEOUT_S} seconds`);
    // Generous bound: the hang timeout, one reaper interval and the restart itself.
    expect(recovered).toBeLessThan((HANG_TIMEOUT_S * 2 + 60) * 1000);
    expect((await owner.workspace(ws.id)).latest_build.status).toBe('failed');

    // Nothing acknowledged is lost: every log line, the build history and the template's file.
    const logsAfter = await owner.workspaceBuildLogs(ws.latest_build.id);
    expect(logsAfter.slice(0, logsBefore.length)).toEqual(logsBefore);
    expect((await owner.workspaceBuilds(ws.id)).map((b) => b.id)).toEqual(buildsBefore.map((b) => b.id));
    expect(createHash('sha256').update(await owner.file(version.job.file_id)).digest('hex')).toBe(fileBefore);

    const retry = await owner.createWorkspaceBuild(ws.id, { transition: 'start' });
    const rebuilt = await finished(owner, retry.id);
    expect(rebuilt.job.status, rebuilt.job.error).toBe('succeeded');
    expect((await owner.workspace(ws.id)).latest_build.status).toBe('running');
    // No job is left running.
    const running = await owner.provisionerJobs('default', { status: 'running' });
    expect(running).toEqual([]);
  }, 300_000);
});
