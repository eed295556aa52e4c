import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {
  AcquiredJob,
  AcquiredJobKind,
  CompletedJob,
  FailedJob,
  JobMetadata,
  ProvisionerDaemonApi,
  UpdateJobRequest,
  UpdateJobResponse,
} from '@warren/sdk/provisionerd';
import { tarOf } from '@warren/node-kit/archive/tar-fixture.testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canceledJobError, ProvisionerDaemon, shutdownJobError } from './daemon.js';

// The real daemon and real terraform, against an in-memory control plane that implements the
// ProvisionerDaemonApi contract. Templates use only terraform's built-in terraform_data resource.

type JobEnd = { completed: CompletedJob } | { failed: FailedJob };

/** The control plane side of the job protocol, in memory. */
class FakeControlPlane implements ProvisionerDaemonApi {
  readonly updates: UpdateJobRequest[] = [];
  readonly canceled = new Set<string>();
  variableValues: UpdateJobResponse['variableValues'] = [];
  /** Called with every update, e.g. to cancel a job once it reaches a stage. */
  onUpdate: (req: UpdateJobRequest) => void = () => undefined;
  private queue: AcquiredJob[] = [];
  private waiting: ((job: AcquiredJob) => void) | undefined;
  private ends = new Map<string, (end: JobEnd) => void>();
  private counter = 0;

  /** Queues a job and resolves with how it ended. */
  submit(type: AcquiredJobKind, files: Record<string, string>): { jobId: string; end: Promise<JobEnd> } {
    const jobId = `job-${++this.counter}`;
    const end = new Promise<JobEnd>((resolve) => this.ends.set(jobId, resolve));
    void tarOf(files).then((archive) => {
      const job: AcquiredJob = { jobId, createdAt: Date.now(), provisioner: 'terraform', userName: 'alice', templateSourceArchive: archive, type };
      if (this.waiting) this.waiting(job);
      else this.queue.push(job);
    });
    return { jobId, end };
  }

  logsOf(jobId: string) {
    return this.updates.filter((update) => update.jobId === jobId).flatMap((update) => update.logs);
  }

  async acquireJob(signal: AbortSignal): Promise<AcquiredJob | undefined> {
    const queued = this.queue.shift();
    if (queued) return queued;
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiting = undefined;
        resolve(undefined);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = (job) => {
        this.waiting = undefined;
        signal.removeEventListener('abort', onAbort);
        resolve(job);
      };
    });
  }

  async updateJob(req: UpdateJobRequest): Promise<UpdateJobResponse> {
    this.updates.push(req);
    this.onUpdate(req);
    return { canceled: this.canceled.has(req.jobId), variableValues: this.variableValues };
  }

  async completeJob(job: CompletedJob): Promise<void> {
    this.ends.get(job.jobId)?.({ completed: job });
  }

  async failJob(job: FailedJob): Promise<void> {
    this.ends.get(job.jobId)?.({ failed: job });
  }
}

const metadata: JobMetadata = {
  coderUrl: 'https://warren.example',
  workspaceTransition: 'start',
  workspaceName: 'dev',
  workspaceOwner: 'alice',
  workspaceId: 'a8a5b0f6-6f3a-4a8e-9b3e-0d5f3f1c2a11',
  workspaceOwnerId: '0d5f3f1c-6f3a-4a8e-9b3e-a8a5b0f62a11',
  workspaceOwnerEmail: 'alice@example.com',
  workspaceOwnerName: 'Alice',
  workspaceOwnerGroups: ['Everyone'],
  workspaceOwnerSessionToken: 'session',
  workspaceOwnerSshPublicKey: '',
  workspaceOwnerSshPrivateKey: '',
  workspaceOwnerLoginType: 'password',
  workspaceOwnerRbacRoles: [],
  templateId: 't1',
  templateName: 'local',
  templateVersion: 'v1',
  workspaceBuildId: 'b1',
};

function build(transition: JobMetadata['workspaceTransition'], state: Uint8Array = new Uint8Array()): AcquiredJobKind {
  return {
    kind: 'workspace_build',
    workspaceBuildId: 'b1',
    workspaceName: 'dev',
    richParameterValues: [],
    previousParameterValues: [],
    variableValues: [],
    externalAuthProviders: [],
    metadata: { ...metadata, workspaceTransition: transition },
    state,
    logLevel: '',
  };
}

const twoResources = `
resource "terraform_data" "home" {
  input = "home"
}

resource "terraform_data" "session" {
  input = "session"
}
`;

const slowTemplate = (seconds: number) => `
resource "terraform_data" "slow" {
  provisioner "local-exec" {
    command = "sleep ${seconds}"
  }
}
`;

function completed(end: JobEnd): CompletedJob['type'] {
  if ('failed' in end) expect.fail(`job failed: ${end.failed.error}`);
  return end.completed.type;
}

function failed(end: JobEnd): FailedJob {
  if ('completed' in end) expect.fail('job completed, expected a failure');
  return end.failed;
}

let root: string;
let api: FakeControlPlane;
let daemon: ProvisionerDaemon;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-daemon-'));
  api = new FakeControlPlane();
  daemon = new ProvisionerDaemon({
    api,
    root: path.join(root, 'provisioner-0'),
    hostEnv: { ...process.env, TF_CLI_CONFIG_FILE: undefined },
    logFlushIntervalMs: 50,
    heartbeatIntervalMs: 200,
    terraformExitTimeoutMs: 2_000,
    closeTimeoutMs: 5_000,
  });
  daemon.start();
});

afterEach(() => {
  api.onUpdate = () => undefined;
});

afterAll(async () => {
  await daemon.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('ProvisionerDaemon with terraform', () => {
  it('imports a template: start and stop resources, README, and terraform output in the logs', async () => {
    const { jobId, end } = api.submit(
      { kind: 'template_import', metadata: { coderUrl: 'https://warren.example' }, userVariableValues: [] },
      { 'main.tf': twoResources, 'README.md': '# Local template' },
    );
    const type = completed(await end);
    expect(type).toMatchObject({ kind: 'template_import', richParameters: [], presets: [], externalAuthProviders: [] });
    if (type.kind !== 'template_import') return;
    const names = (resources: { type: string; name: string }[]) => resources.map((r) => `${r.type}.${r.name}`).sort();
    expect(names(type.startResources)).toEqual(['terraform_data.home', 'terraform_data.session']);
    expect(names(type.stopResources)).toEqual(['terraform_data.home', 'terraform_data.session']);

    const updates = api.updates.filter((update) => update.jobId === jobId);
    expect(updates.find((update) => update.readme !== undefined)?.readme).toBe('# Local template');
    const logs = api.logsOf(jobId);
    const daemonStages = logs.filter((log) => log.source === 'provisioner_daemon').map((log) => log.stage);
    expect(daemonStages).toEqual(
      expect.arrayContaining(['Setting up', 'Parsing template parameters', 'Detecting persistent resources', 'Detecting ephemeral resources', 'Cleaning Up']),
    );
    expect(daemonStages.indexOf('Detecting persistent resources')).toBeLessThan(daemonStages.indexOf('Detecting ephemeral resources'));
    const terraformLines = logs.filter((log) => log.source === 'provisioner');
    expect(terraformLines.some((log) => log.stage === 'Detecting persistent resources' && /terraform_data\.home/.test(log.output))).toBe(true);
  });

  it('builds, rebuilds from the stored state, then deletes', async () => {
    const files = { 'main.tf': twoResources };
    const first = completed(await api.submit(build('start'), files).end);
    if (first.kind !== 'workspace_build') return expect.fail(first.kind);
    expect(first.resources.map((resource) => resource.name).sort()).toEqual(['home', 'session']);
    const stateResources = (state: Uint8Array) => (JSON.parse(Buffer.from(state).toString('utf8')) as { resources: unknown[] }).resources;
    expect(stateResources(first.state)).toHaveLength(2);

    const second = api.submit(build('start', first.state), files);
    const rebuilt = completed(await second.end);
    if (rebuilt.kind !== 'workspace_build') return expect.fail(rebuilt.kind);
    expect(rebuilt.resources).toHaveLength(2);
    expect(api.logsOf(second.jobId).some((log) => /0 added, 0 changed, 0 destroyed/.test(log.output))).toBe(true);

    const deletion = api.submit(build('delete', rebuilt.state), files);
    const deleted = completed(await deletion.end);
    if (deleted.kind !== 'workspace_build') return expect.fail(deleted.kind);
    expect(deleted.resources).toEqual([]);
    expect(stateResources(deleted.state)).toEqual([]);
    const stages = api.logsOf(deletion.jobId).map((log) => log.stage);
    expect(stages).toContain('Destroying workspace');
    expect(api.logsOf(deletion.jobId).some((log) => /2 destroyed/.test(log.output))).toBe(true);
  });

  it('fails a template with a syntax error with terraform’s message', async () => {
    const { jobId, end } = api.submit(build('start'), { 'main.tf': 'resource "terraform_data" "broken" {\n  input = \n}\n' });
    const failure = failed(await end);
    expect(failure.error).toMatch(/^terraform init failed: .+/);
    expect(failure.state).toBeUndefined();
    expect(api.logsOf(jobId).some((log) => log.source === 'provisioner' && log.level === 'error')).toBe(true);
  });

  it('sends heartbeat updates while terraform is quiet', async () => {
    const { jobId, end } = api.submit(build('start'), { 'main.tf': slowTemplate(1.5) });
    completed(await end);
    const empty = api.updates.filter((update) => update.jobId === jobId && update.logs.length === 0);
    expect(empty.length).toBeGreaterThanOrEqual(3);
  });

  it('cancels the job when an update answers canceled', async () => {
    let sawApply = false;
    api.onUpdate = (req) => {
      if (req.logs.some((log) => log.stage === 'Starting workspace')) {
        sawApply = true;
        api.canceled.add(req.jobId);
      }
    };
    const { jobId, end } = api.submit(build('start'), { 'main.tf': slowTemplate(60) });
    const failure = failed(await end);
    expect(sawApply).toBe(true);
    expect(failure.error).toBe(canceledJobError);
    expect(api.logsOf(jobId).at(-1)).toMatchObject({ source: 'provisioner_daemon', stage: 'Cleaning Up' });
  });

  it('close() lets the running job finish for the grace period, then cancels it', async () => {
    const own = new FakeControlPlane();
    const closing = new ProvisionerDaemon({
      api: own,
      root: path.join(root, 'provisioner-1'),
      hostEnv: { ...process.env, TF_CLI_CONFIG_FILE: undefined },
      logFlushIntervalMs: 50,
      terraformExitTimeoutMs: 2_000,
      closeTimeoutMs: 300,
    });
    closing.start();
    const applying = new Promise<void>((resolve) => {
      own.onUpdate = (req) => {
        if (req.logs.some((log) => log.stage === 'Starting workspace')) resolve();
      };
    });
    const { end } = own.submit(build('start'), { 'main.tf': slowTemplate(60) });
    await applying;
    await closing.close();
    expect(failed(await end).error).toBe(shutdownJobError);
    expect(closing.currentJobId).toBeUndefined();
  });
});
