/** One provisioner job: the runner's terraform work, ConvertState, and Coder's stage lines. */
import { parseTemplate } from './template-variables.js';
import type { AcquiredJob, CompletedJob, FailedJob, LogLevel } from '@warren/sdk/provisionerd';
import { readArchive } from '@warren/node-kit/archive/read-archive';
import { convertState } from '../convert/convert-state.js';
import { planModules, stateModules, type TfPlan, type TfState } from '../convert/terraform-json.js';
import type { Clock } from '../terraform/clock.js';
import type { JobFailure, PlannedTransition } from '../terraform/job-types.js';
import type { TerraformRunner } from '../terraform/terraform-runner.js';
import { TimingRecorder } from '../terraform/timings.js';
import type { ProvisionLog } from '../terraform/types.js';
import {
  type BuildJob,
  buildMetadata,
  type DryRunJob,
  dryRunMetadata,
  type ImportJob,
  importMetadata,
  logFilter,
  nameValues,
  variableValues,
} from './job-inputs.js';
import type { JobReporter } from './job-reporter.js';
import { DEFAULT_IN_PROCESS_PROVIDERS, type InProcessProviderName } from './in-process-providers.js';
import { withJobProviders } from './job-providers.js';

export interface JobRun {
  job: AcquiredJob;
  reporter: JobReporter;
  /** Aborts terraform: the job was canceled or the daemon is shutting down. */
  signal: AbortSignal;
  /** The runner to use; rejects with a readable error when terraform is not usable. */
  runner: () => Promise<TerraformRunner>;
  accessUrl: string;
  /** The providers to serve in-process to this job's terraform; default coder and docker. */
  inProcessProviders?: readonly InProcessProviderName[];
  clock: Clock;
  /** The job's error when it stopped because `signal` aborted. */
  cancelMessage: () => string;
  newId?: () => string;
}

export type JobOutcome = { completed: CompletedJob } | { failed: FailedJob };

/** Runs one acquired job to the message that ends it. Never rejects. */
export async function runJob(run: JobRun): Promise<JobOutcome> {
  const { job } = run;
  const logs = new JobLogWriter(run.reporter, run.clock);
  const fail = (error: string, state?: Uint8Array): JobOutcome => ({
    failed: { jobId: job.jobId, error, ...(state && state.length > 0 && { state }) },
  });
  logs.daemon('Setting up');
  if (job.provisioner !== 'terraform') return fail(`This provisioner daemon cannot run "${job.provisioner}" jobs.`);
  let runner: TerraformRunner;
  try {
    runner = await run.runner();
  } catch (error) {
    const message = errorMessage(error);
    logs.daemon('Setting up', 'error', message);
    return fail(message);
  }
  const context: Context = { run, runner, logs, fail };
  try {
    switch (job.type.kind) {
      case 'template_import':
        return await runImport(context, job.type);
      case 'template_dry_run':
        return await runDryRun(context, job.type);
      case 'workspace_build':
        return await runBuild(context, job.type);
    }
  } catch (error) {
    return fail(errorMessage(error));
  }
}

interface Context {
  run: JobRun;
  runner: TerraformRunner;
  logs: JobLogWriter;
  fail: (error: string, state?: Uint8Array) => JobOutcome;
}

async function runImport({ run, runner, logs, fail }: Context, type: ImportJob): Promise<JobOutcome> {
  const readme = await readReadme(run.job.templateSourceArchive);
  if (readme === undefined) logs.daemon('No README.md provided', 'debug');
  else logs.daemon('Adding README.md...');
  logs.daemon('Parsing template parameters');
  // Only the plans need the control plane's answer (the variables' values): the runner unpacks
  // the template and computes its graph meanwhile.
  const pendingVariables = (async () => {
    const parsed = await parseTemplate(run.job.templateSourceArchive).catch((error: unknown) => {
      logs.daemon(`Could not read the template's variables: ${errorMessage(error)}`, 'warn');
      return undefined;
    });
    try {
      const response = await run.reporter.send({
        templateVariables: parsed?.variables,
        workspaceTags: parsed?.workspaceTags,
        userVariableValues: type.userVariableValues,
        ...(readme !== undefined && { readme }),
      });
      return variableValues(response.variableValues);
    } catch (error) {
      throw new Error(`update job: ${errorMessage(error)}`);
    }
  })();
  // Awaited by the runner, unless it fails before its plans: then nothing else is waiting.
  pendingVariables.catch(() => undefined);
  const metadata = importMetadata(type, run.accessUrl);
  const providers = run.inProcessProviders ?? DEFAULT_IN_PROCESS_PROVIDERS;
  // A second set of providers lets the stop plan run beside the start plan.
  const result = await withJobProviders(providers, (provider) =>
    withJobProviders(providers, (stopPlanProviders) =>
      runner.runImport({
        templateArchive: run.job.templateSourceArchive,
        pendingVariables,
        metadata,
        onLog: (log) => logs.terraform(log),
        signal: run.signal,
        ...provider,
        stopPlanProviders,
      })));
  if (!result.ok) return fail(failureMessage(run, result));
  const start = convertPlan(result.start, logs);
  const stop = convertPlan(result.stop, logs);
  return {
    completed: {
      jobId: run.job.jobId,
      type: {
        kind: 'template_import',
        startResources: start.resources,
        stopResources: stop.resources,
        richParameters: start.parameters,
        externalAuthProviders: start.externalAuthProviders,
        presets: start.presets,
      },
    },
  };
}

async function runDryRun({ run, runner, logs, fail }: Context, type: DryRunJob): Promise<JobOutcome> {
  if (run.signal.aborted) return fail(run.cancelMessage());
  const newId = run.newId ?? (() => globalThis.crypto.randomUUID());
  const metadata = dryRunMetadata(type, run.job.userName, run.accessUrl, newId);
  const parameters = nameValues(type.richParameterValues);
  const result = await withJobProviders(run.inProcessProviders ?? DEFAULT_IN_PROCESS_PROVIDERS, (provider) =>
    runner.runDryRun({
      templateArchive: run.job.templateSourceArchive,
      variables: variableValues(type.variableValues),
      parameters,
      metadata,
      onLog: (log) => logs.terraform(log),
      signal: run.signal,
      ...provider,
    }));
  if (!result.ok) return fail(failureMessage(run, result));
  const { resources } = convertPlan(result.start, logs);
  return { completed: { jobId: run.job.jobId, type: { kind: 'template_dry_run', resources } } };
}

async function runBuild({ run, runner, logs, fail }: Context, type: BuildJob): Promise<JobOutcome> {
  const previousState = type.state.length > 0 ? type.state : undefined;
  if (run.signal.aborted) return fail(run.cancelMessage(), previousState);
  const keep = logFilter(type.logLevel);
  const inputs = {
    metadata: buildMetadata(type, run.accessUrl),
    parameters: nameValues(type.richParameterValues),
    previousParameters: nameValues(type.previousParameterValues),
    externalAuth: type.externalAuthProviders.map(({ id, accessToken }) => ({ id, accessToken })),
  };
  const timings = new TimingRecorder(run.clock);
  const result = await withJobProviders(run.inProcessProviders ?? DEFAULT_IN_PROCESS_PROVIDERS, (provider) =>
    runner.runBuild({
      ...inputs,
      timings,
      templateArchive: run.job.templateSourceArchive,
      variables: variableValues(type.variableValues),
      state: previousState,
      debugLogging: type.logLevel !== '',
      onLog: (log) => {
        if (keep(log)) logs.terraform(log);
      },
      signal: run.signal,
      ...provider,
    }));
  if (!result.ok) return fail(failureMessage(run, result), result.state);
  try {
    const resources = result.stateJson === null ? [] : convertState(stateModules(parseJson<TfState>(result.stateJson)), result.graph, {
      warn: (message) => logs.daemon(logs.currentStage, 'warn', message),
    }).resources;
    const measured = timings.timings().map((t) => ({ ...t, start: t.start.getTime(), end: t.end.getTime() }));
    return { completed: { jobId: run.job.jobId, type: { kind: 'workspace_build', state: result.state, resources, timings: measured } } };
  } catch (error) {
    // The apply happened: keep its state so the next build can clean up.
    return fail(errorMessage(error), result.state);
  }
}

function convertPlan(planned: PlannedTransition, logs: JobLogWriter) {
  return convertState(planModules(parseJson<TfPlan>(planned.planJson)), planned.graph, {
    warn: (message) => logs.daemon(logs.currentStage, 'warn', message),
  });
}

function failureMessage(run: JobRun, failure: JobFailure): string {
  return failure.canceled || run.signal.aborted ? run.cancelMessage() : failure.error;
}

function parseJson<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`terraform show printed output that is not JSON: ${errorMessage(error)}`);
  }
}

async function readReadme(archive: Uint8Array): Promise<string | undefined> {
  try {
    const entry = (await readArchive(archive)).find((candidate) => candidate.kind === 'file' && candidate.path === 'README.md');
    return entry?.kind === 'file' ? entry.content.toString('utf8') : undefined;
  } catch {
    // The runner reports a refused archive when it unpacks it.
    return undefined;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes the job's log: the daemon's own stage lines (source `provisioner_daemon`, empty output, as
 * Coder) and terraform's lines (source `provisioner`), announcing each new stage before its first line.
 */
export class JobLogWriter {
  currentStage = '';

  constructor(
    private readonly reporter: JobReporter,
    private readonly clock: Clock,
  ) {}

  daemon(stage: string, level: LogLevel = 'info', output = ''): void {
    this.currentStage = stage;
    this.reporter.log({ source: 'provisioner_daemon', level, stage, output, createdAt: this.clock.now().getTime() });
  }

  terraform(log: ProvisionLog): void {
    if (log.stage !== this.currentStage) this.daemon(log.stage);
    this.reporter.log({ source: 'provisioner', level: log.level, stage: log.stage, output: log.output, createdAt: log.createdAt.getTime() });
  }
}
