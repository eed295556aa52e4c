// SIGTERM: the server stops accepting at once, its built-in daemon finishes the running job (or,
// past two thirds of --graceful-timeout, cancels and reports it), open client connections are
// closed with a reason, and the process exits within the graceful timeout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from '../support/database';
import { dumpOutput, finished, report, startDeployment, waitUntil, type Deployment } from './support';

let dep: Deployment;

beforeAll(async () => {
  dep = await startDeployment({ postgresUrl: await createTestDatabase(), env: { CODER_PROVISIONER_DAEMONS: '1', SLEEP_SECONDS: '0' } });
  await dep.pushTemplate('slow');
}, 180_000);

afterEach((t) => {
  if (t.task.result?.state === 'fail') dumpOutput(dep);
});
afterAll(() => dep?.stopAll());

/** Starts a build whose apply runs `seconds`, with a log follower open on it. */
async function buildRunning(name: string) {
  const { owner } = dep;
  const template = await owner.templateByName('default', 'slow');
  const ws = await owner.createUserWorkspace('me', { name, template_id: template.id });
  await waitUntil('the apply to print tick-1', async () => ((await owner.workspaceBuildLogs(ws.latest_build.id)).some((l) => l.output.includes('tick-1')) ? true : undefined), 90_000);
  const follower = new WebSocket(owner.followLogsUrl('workspacebuilds', ws.latest_build.id));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => follower.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => follower.once('open', resolve).once('error', reject));
  return { ws, closed };
}

describe('SIGTERM', () => {
  it('stops accepting, finishes the running job, closes connections with a reason and exits in time', async () => {
    await dep.server.stop('SIGTERM');
    await dep.startServer({ SLEEP_SECONDS: '6', WARREN_GRACEFUL_TIMEOUT: '30s' });
    const { ws, closed } = await buildRunning('finishes');

    const termAt = Date.now();
    dep.server.child.kill('SIGTERM');
    const refused = await waitUntil('new connections to be refused', async () => {
      // A pooled keep-alive socket may first see "other side closed"; a new one must be refused.
      const r = await fetch(`${dep.url}/api/v2/buildinfo`).then(() => undefined, (err: unknown) => String((err as { cause?: unknown }).cause ?? err));
      return r && /ECONNREFUSED/.test(r) ? r : undefined;
    }, 10_000);
    expect(refused).toMatch(/ECONNREFUSED/);
    expect(dep.server.child.exitCode).toBeNull(); // still finishing the job
    expect(await closed).toEqual({ code: 1001, reason: 'The server is shutting down.' });
    expect(await dep.server.exited).toBe(0);
    const took = Date.now() - termAt;
    report('SIGTERM with a 6 s apply running: exit', took);
    expect(took).toBeLessThan(30_000);
    expect(dep.server.output).toContain('Server stopped.');

    await dep.startServer({ SLEEP_SECONDS: '0' });
    const build = await finished(dep.owner, ws.latest_build.id);
    expect(build.job.status, build.job.error).toBe('succeeded');
  }, 240_000);

  it('cancels a job that outlasts the graceful timeout and hands it back failed, exiting in time', async () => {
    await dep.server.stop('SIGTERM');
    await dep.startServer({ SLEEP_SECONDS: '120', WARREN_GRACEFUL_TIMEOUT: '9s' });
    const { ws } = await buildRunning('outlasts');
    const termAt = Date.now();
    dep.server.child.kill('SIGTERM');
    await dep.server.exited;
    const took = Date.now() - termAt;
    report('SIGTERM with a 120 s apply running, --graceful-timeout 9s: exit', took);
    expect(took).toBeLessThan(9_000 + 5_000);

    await dep.startServer({ SLEEP_SECONDS: '0' });
    const build = await finished(dep.owner, ws.latest_build.id, 30_000);
    expect(['failed', 'canceled']).toContain(build.job.status);
    expect(build.job.error).toContain('The provisioner daemon shut down before the job finished.');
    const retry = await dep.owner.createWorkspaceBuild(ws.id, { transition: 'start' });
    expect((await finished(dep.owner, retry.id)).job.status).toBe('succeeded');
  }, 240_000);
});
