import type { AcquiredJob, CompletedJob, FailedJob, ProvisionerDaemonApi, UpdateJobRequest } from '@warren/sdk/provisionerd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../terraform/manual-clock.testkit.js';
import { ProvisionerDaemon } from './daemon.js';

// The loop itself, on a manual clock: no terraform is ever run here.

const importJob = (jobId: string): AcquiredJob => ({
  jobId,
  createdAt: 0,
  provisioner: 'terraform',
  userName: 'alice',
  templateSourceArchive: new Uint8Array(),
  type: { kind: 'template_import', metadata: {}, userVariableValues: [] },
});

/** A control plane whose acquireJob answers from a script of results, then waits to be aborted. */
class ScriptedControlPlane implements ProvisionerDaemonApi {
  acquireCalls = 0;
  readonly updates: UpdateJobRequest[] = [];
  readonly failed: FailedJob[] = [];
  readonly completed: CompletedJob[] = [];

  constructor(private readonly script: Array<() => AcquiredJob | Error>) {}

  async acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined> {
    this.acquireCalls += 1;
    const next = this.script.shift();
    if (next) {
      const result = next();
      if (result instanceof Error) throw result;
      return result;
    }
    return new Promise((resolve) => {
      if (signal.aborted) resolve(undefined);
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
  }

  async updateJob(req: UpdateJobRequest) {
    this.updates.push(req);
    return { canceled: false, variableValues: [] };
  }

  async completeJob(job: CompletedJob) {
    this.completed.push(job);
  }

  async failJob(job: FailedJob) {
    this.failed.push(job);
  }
}

let daemon: ProvisionerDaemon | undefined;

afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

function startDaemon(api: ProvisionerDaemonApi, clock: ManualClock, terraformPath = '/nonexistent/terraform') {
  daemon = new ProvisionerDaemon({ api, clock, root: '/nonexistent/provisioner-0', terraformPath, hostEnv: { PATH: '' } });
  daemon.start();
  return daemon;
}

describe('ProvisionerDaemon loop', () => {
  it('closes promptly while idle, without waiting on any timer', async () => {
    const api = new ScriptedControlPlane([]);
    const clock = new ManualClock();
    const started = startDaemon(api, clock);
    await vi.waitFor(() => expect(api.acquireCalls).toBe(1));
    await started.close();
    expect(clock.pending).toBe(0);
    expect(api.acquireCalls).toBe(1);
  });

  it('retries acquireJob with a doubling backoff after errors', async () => {
    const down = () => new Error('connect ECONNREFUSED');
    const api = new ScriptedControlPlane([down, down, down]);
    const clock = new ManualClock();
    startDaemon(api, clock);
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    expect(api.acquireCalls).toBe(1);
    clock.advance(999);
    expect(api.acquireCalls).toBe(1);
    clock.advance(1);
    await vi.waitFor(() => expect(api.acquireCalls).toBe(2));
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    clock.advance(1_999);
    expect(api.acquireCalls).toBe(2);
    clock.advance(1);
    await vi.waitFor(() => expect(api.acquireCalls).toBe(3));
    await vi.waitFor(() => expect(clock.pending).toBe(1));
    clock.advance(4_000);
    await vi.waitFor(() => expect(api.acquireCalls).toBe(4));
  });

  it('fails each job with the terraform lookup error and keeps running', async () => {
    const api = new ScriptedControlPlane([() => importJob('job-1'), () => importJob('job-2')]);
    const clock = new ManualClock();
    startDaemon(api, clock);
    await vi.waitFor(() => expect(api.failed).toHaveLength(2));
    expect(api.failed[0]).toEqual({ jobId: 'job-1', error: expect.stringMatching(/^Could not run "\/nonexistent\/terraform version -json"/) });
    expect(api.failed[1]?.jobId).toBe('job-2');
    const stages = api.updates.filter((update) => update.jobId === 'job-1').flatMap((update) => update.logs);
    expect(stages).toEqual([
      expect.objectContaining({ source: 'provisioner_daemon', stage: 'Setting up', level: 'info' }),
      expect.objectContaining({ source: 'provisioner_daemon', stage: 'Setting up', level: 'error', output: api.failed[0]?.error }),
      expect.objectContaining({ source: 'provisioner_daemon', stage: 'Cleaning Up' }),
    ]);
    await vi.waitFor(() => expect(api.acquireCalls).toBe(3));
  });

  it('reports a missing terraform on the PATH with findTerraform’s message', async () => {
    const api = new ScriptedControlPlane([() => importJob('job-1')]);
    const clock = new ManualClock();
    daemon = new ProvisionerDaemon({ api, clock, root: '/nonexistent/provisioner-0', hostEnv: { PATH: '/nonexistent/bin' } });
    daemon.start();
    await vi.waitFor(() => expect(api.failed).toHaveLength(1));
    expect(api.failed[0]?.error).toMatch(/^Terraform was not found on the PATH\./);
  });
});
