// An external provisioner daemon SIGKILLed mid-apply: its job fails with "provisioner daemon lost"
// once the daemon stays away for three heartbeats (long before the hang timeout), and the next build
// of that workspace succeeds on another daemon.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database';
import { dumpOutput, finished, report, startDeployment, waitUntil, type Deployment } from './support';

const LOST_TIMEOUT_S = 15;
let dep: Deployment;

beforeAll(async () => {
  // A hang timeout far beyond the test: only the lost-daemon check can fail the job in time.
  dep = await startDeployment({
    postgresUrl: await createTestDatabase(),
    env: { CODER_PROVISIONER_DAEMONS: '0', CODER_PROVISIONER_JOB_HANG_TIMEOUT: '1h' },
  });
}, 180_000);

afterEach((t) => {
  if (t.task.result?.state === 'fail') dumpOutput(dep);
});
afterAll(() => dep?.stopAll());

describe('external provisioner daemon SIGKILLed mid-apply', () => {
  it('fails the job with "provisioner daemon lost" within the heartbeat timeout, then builds on a new daemon', async () => {
    const { owner } = dep;
    const first = await dep.startDaemon('first', { SLEEP_SECONDS: '0' });
    await dep.pushTemplate('slow');
    await first.stop('SIGTERM');
    const doomed = await dep.startDaemon('doomed', { SLEEP_SECONDS: '120' });
    const template = await owner.templateByName('default', 'slow');
    const ws = await owner.createUserWorkspace('me', { name: 'orphan', template_id: template.id });
    await waitUntil('the apply to print tick-2', async () => ((await owner.workspaceBuildLogs(ws.latest_build.id)).some((l) => l.output.includes('tick-2')) ? true : undefined), 90_000);
    const logsBefore = await owner.workspaceBuildLogs(ws.latest_build.id);

    doomed.killGroup();
    const killedAt = Date.now();
    const failed = await finished(owner, ws.latest_build.id, (LOST_TIMEOUT_S + 60) * 1000);
    const took = Date.now() - killedAt;
    report(`daemon SIGKILL: job failed as "provisioner daemon lost" (timeout ${LOST_TIMEOUT_S} s)`, took);
    expect(failed.job.status).toBe('failed');
    expect(failed.job.error).toMatch(/^provisioner daemon lost: the connection to provisioner daemon "doomed" closed while it ran this job/);
    expect(took).toBeLessThan((LOST_TIMEOUT_S + 45) * 1000);
    expect((await owner.workspaceBuildLogs(ws.latest_build.id)).slice(0, logsBefore.length)).toEqual(logsBefore);

    await dep.startDaemon('fresh', { SLEEP_SECONDS: '0' });
    const retry = await owner.createWorkspaceBuild(ws.id, { transition: 'start' });
    const rebuilt = await finished(owner, retry.id);
    expect(rebuilt.job.status, rebuilt.job.error).toBe('succeeded');
    expect((await owner.workspace(ws.id)).latest_build.status).toBe('running');
  }, 300_000);
});
