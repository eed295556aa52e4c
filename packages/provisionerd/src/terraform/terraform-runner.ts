import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError } from '@warren/node-kit/archive/archive-error';
import { extractArchive } from '@warren/node-kit/archive/extract-archive';
import { CODER_PROVIDER_ADDRESS } from '../provider/provider.js';
import { prepareTerraformCache, type TerraformCacheLayout } from './cli-config.js';
import { type Clock, systemClock } from './clock.js';
import { baseEnv, type Env, hostTerraformVariableWarnings, provisionEnv } from './environment.js';
import { initNeeded } from './init-skip.js';
import { createJobFolder, removeJobFolder, removeStaleJobFolders } from './job-folders.js';
import type {
  BuildOptions,
  BuildResult,
  DryRunOptions,
  DryRunResult,
  ImportOptions,
  ImportResult,
  JobFailure,
  JobOptions,
  PlannedTransition,
  TerraformRunnerOptions,
} from './job-types.js';
import { stateValues } from './state-values.js';
import { TerraformCommandError, TerraformCommands } from './terraform-commands.js';
import type { LogLevel, ParameterValue, ProvisionLog, VariableValue, WorkspaceMetadata, WorkspaceTransition } from './types.js';

/** Entries kept per cache of the runner (graphs, init decisions), least recently used dropped first. */
const maxCached = 256;

/**
 * Waits for every one of `work` to settle (so no terraform process outlives the job folder), then
 * answers their values or throws the first failure.
 */
async function allSettledOrFirstError<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Whether the coder provider is served in-process, so it reads the plan's environment (parameter
 * values, external auth tokens) from `onCommand` rather than from terraform's own environment:
 * the condition for planning and applying in one process without handing those to local-exec.
 */
function servesCoderProvider(options: JobOptions): boolean {
  return Object.values(options.servedProviders ?? {}).includes(CODER_PROVIDER_ADDRESS);
}

function archiveHash(archive: Uint8Array): string {
  return createHash('sha256').update(archive).digest('hex');
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > maxCached) cache.delete(cache.keys().next().value!);
}

const stages = {
  setup: 'Setting up',
  init: 'Initializing Terraform Directory',
  persistentResources: 'Detecting persistent resources',
  ephemeralResources: 'Detecting ephemeral resources',
  plan: 'Planning Infrastructure',
  apply: { start: 'Starting workspace', stop: 'Stopping workspace', destroy: 'Destroying workspace' },
} as const;

/**
 * Runs terraform for provisioner jobs the way Coder does: template imports, dry-runs and workspace
 * builds, each in a fresh job folder. Jobs of one runner run one after another.
 */
export class TerraformRunner {
  private readonly clock: Clock;
  private readonly exitTimeoutMs: number;
  private readonly newJobId: () => string;
  private cache: Promise<TerraformCacheLayout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * Configuration graphs by template archive hash. `terraform graph -type=plan` reads the
   * configuration with the base environment (no transition, no variables); the state it may also
   * read holds, after an apply, only resources of that same configuration.
   */
  private readonly graphs = new Map<string, string>();
  /** Whether a template needs `terraform init`, by archive hash and served providers. */
  private readonly initNeeded = new Map<string, boolean>();

  constructor(private readonly options: TerraformRunnerOptions) {
    this.clock = options.clock ?? systemClock;
    this.exitTimeoutMs = options.exitTimeoutMs ?? 30_000;
    this.newJobId = options.newJobId ?? randomUUID;
  }

  /**
   * Template version import: init, then plan and show for the start and the stop transition, and
   * the graph. The graph runs beside the wait for `pendingVariables`, and the two plans (each
   * followed by its `show`) beside each other when the in-process providers allow (see
   * `stopPlanProviders`). The stop plan's log lines are held until the start plan has ended, so
   * the job log reads as if the plans had run one after the other.
   */
  runImport(options: ImportOptions): Promise<ImportResult> {
    return this.exclusive(async () => {
      try {
        return await this.inJobFolder(options, async (commands) => {
          await this.init(commands, options);
          const planned = (stage: string, on: TerraformCommands, workspaceTransition: WorkspaceTransition, variables: readonly VariableValue[]) => {
            const planEnv = provisionEnv(on.baseEnv, this.provisionInput(options, { ...options.metadata, workspaceTransition }));
            const planFile = path.join(on.folder, `${workspaceTransition}.tfplan`);
            return on.plan(stage, planEnv, variables, { planFile, lock: false }).then(() => on.showPlan(planFile));
          };
          const stopLog = heldLog(options.onLog);
          const stopCommands = this.stopPlanCommands(commands, options, stopLog.log);
          const [graph, [start, stop]] = await allSettledOrFirstError([
            this.graph(commands, options),
            (async () => {
              const variables = (await options.pendingVariables) ?? options.variables ?? [];
              const start = planned(stages.persistentResources, commands, 'start', variables).finally(stopLog.release);
              const stop = (stopCommands ? Promise.resolve() : start).then(() => planned(stages.ephemeralResources, stopCommands ?? commands, 'stop', variables));
              return allSettledOrFirstError([start, stop] as const);
            })(),
          ] as const);
          return { ok: true, start: { planJson: start, graph }, stop: { planJson: stop, graph } };
        });
      } catch (error) {
        return this.failure(error, options);
      }
    });
  }

  /**
   * Commands for a stop plan that may run beside the start plan: with the second set of providers
   * when providers are served in-process (one set serves one environment at a time), as they are
   * when none is. Undefined when the stop plan must wait.
   */
  private stopPlanCommands(commands: TerraformCommands, options: ImportOptions, onLog: JobOptions['onLog']): TerraformCommands | undefined {
    const { stopPlanProviders } = options;
    if (stopPlanProviders) {
      const stopEnv = { ...commands.baseEnv, ...stopPlanProviders.extraEnv };
      return commands.with({ baseEnv: stopEnv, onCommand: stopPlanProviders.onCommand, onLog });
    }
    return Object.keys(options.servedProviders ?? {}).length === 0 ? commands.with({ onLog }) : undefined;
  }

  /** Template version dry-run: init, then plan and show for the start transition with parameter values, beside the graph. */
  runDryRun(options: DryRunOptions): Promise<DryRunResult> {
    return this.exclusive(async () => {
      try {
        return await this.inJobFolder(options, async (commands, env) => {
          await this.init(commands, options);
          const metadata: WorkspaceMetadata = { ...options.metadata, workspaceTransition: 'start' };
          const stage = stages.persistentResources;
          return { ok: true, start: await this.planTransition(commands, env, options, stage, metadata, options.parameters) };
        });
      } catch (error) {
        return this.failure(error, options);
      }
    });
  }

  /**
   * Workspace build: init (when the configuration needs it), plan (`-destroy` for destroy), apply,
   * and the graph (once per template and transition). Plan and apply share one terraform process
   * when the coder provider is served in-process and no plan is asked for (`showPlan`). The state
   * is read from the file; `show` runs only for that plan or a state format this runner does not read.
   */
  runBuild(options: BuildOptions): Promise<BuildResult> {
    return this.exclusive(async () => {
      const transition = options.metadata.workspaceTransition;
      if (transition === 'destroy' && !options.state?.length) {
        this.log(options, 'info', stages.plan, 'The terraform state does not exist, there is nothing to do');
        return { ok: true, state: new Uint8Array(), stateJson: null, graph: '', planJson: null };
      }
      // What to store should the build fail from here on; see BuildResult.
      let stateToKeep: Uint8Array | undefined = options.state;
      try {
        return await this.inJobFolder(options, async (commands, env) => {
          if (options.state?.length) await fs.writeFile(commands.stateFile, options.state, { mode: 0o600 });
          await this.init(commands, options);
          stateToKeep = undefined;
          const planEnv = provisionEnv(env, {
            ...this.provisionInput(options, options.metadata),
            parameters: options.parameters,
            previousParameters: options.previousParameters,
            externalAuth: options.externalAuth,
          });
          const applyEnv = provisionEnv(env, this.provisionInput(options, options.metadata));
          const variables = options.variables ?? [];
          const destroy = transition === 'destroy';
          let applying = false;
          let planJson: string | null = null;
          try {
            if (options.showPlan || !servesCoderProvider(options)) {
              await commands.plan(stages.plan, planEnv, variables, { destroy });
              if (options.showPlan) planJson = await commands.showPlan();
              applying = true;
              await commands.apply(stages.apply[transition], applyEnv);
            } else {
              const onApplyStart = () => (applying = true);
              const runStages = { plan: stages.plan, apply: stages.apply[transition] };
              await commands.planAndApply({ stages: runStages, processEnv: applyEnv, providerEnv: planEnv, variables, destroy, onApplyStart });
            }
          } finally {
            if (applying) stateToKeep = await readFileIfExists(commands.stateFile);
          }
          if (!stateToKeep) throw new Error('terraform apply left no terraform.tfstate in the job folder.');
          const state = stateToKeep;
          const shown = stateValues(state, Object.values(options.servedProviders ?? {}));
          const stateJson = shown ? JSON.stringify(shown) : await commands.showState();
          return { ok: true, state, stateJson, graph: await this.graph(commands, options), planJson };
        });
      } catch (error) {
        return { ...this.failure(error, options), ...(stateToKeep && { state: stateToKeep }) };
      }
    });
  }

  private async planTransition(
    commands: TerraformCommands,
    env: Env,
    options: JobOptions,
    stage: string,
    metadata: WorkspaceMetadata,
    parameters?: readonly ParameterValue[],
  ): Promise<PlannedTransition> {
    const planEnv = provisionEnv(env, { ...this.provisionInput(options, metadata), parameters });
    const [planJson, graph] = await allSettledOrFirstError([
      commands.plan(stage, planEnv, options.variables ?? []).then(() => commands.showPlan()),
      this.graph(commands, options),
    ] as const);
    return { planJson, graph };
  }

  /**
   * `terraform init`, unless the configuration has nothing to install; the stage is logged either
   * way. The answer is kept per template archive and set of served providers.
   */
  private async init(commands: TerraformCommands, options: JobOptions): Promise<void> {
    const served = options.servedProviders ?? {};
    const key = `${archiveHash(options.templateArchive)}:${JSON.stringify(served)}`;
    let needed = this.initNeeded.get(key);
    if (needed === undefined) {
      needed = await initNeeded(commands.folder, served);
      remember(this.initNeeded, key, needed);
    }
    if (needed) return commands.init(stages.init);
    this.log(options, 'debug', stages.init, 'Terraform init skipped: the configuration uses only built-in and in-process providers and no modules.');
    await options.timings?.stage('init', async () => undefined);
  }

  /** The configuration graph, from the cache when this template's was computed before. */
  private async graph(commands: TerraformCommands, options: JobOptions): Promise<string> {
    const key = archiveHash(options.templateArchive);
    const cached = this.graphs.get(key);
    if (cached !== undefined) {
      remember(this.graphs, key, cached);
      await options.timings?.stage('graph', async () => undefined);
      return cached;
    }
    const graph = await commands.graph();
    remember(this.graphs, key, graph);
    return graph;
  }

  private provisionInput(options: JobOptions, metadata: WorkspaceMetadata) {
    return { metadata, agentScripts: this.options.agentScripts ?? {}, debugLogging: options.debugLogging };
  }

  /** Creates the job folder, unpacks the template into it, runs `body`, and removes the folder. */
  private async inJobFolder<T>(
    options: JobOptions,
    body: (commands: TerraformCommands, env: Env) => Promise<T>,
  ): Promise<T> {
    const { workRoot, hostEnv } = this.options;
    const cache = await this.prepareCache();
    await removeStaleJobFolders(workRoot, this.clock.now());
    const folder = await createJobFolder(workRoot, this.newJobId());
    try {
      for (const warning of hostTerraformVariableWarnings(hostEnv)) this.log(options, 'warn', stages.setup, warning);
      await extractArchive(options.templateArchive, folder);
      const env = baseEnv(hostEnv, { ...cache, extraEnv: options.extraEnv });
      const commands = new TerraformCommands({
        binary: this.options.terraform,
        folder,
        baseEnv: env,
        signal: options.signal,
        killGraceMs: this.exitTimeoutMs,
        clock: this.clock,
        onLog: options.onLog,
        onCommand: options.onCommand,
        timings: options.timings,
      });
      return await body(commands, env);
    } finally {
      await removeJobFolder(folder);
    }
  }

  private prepareCache(): Promise<TerraformCacheLayout> {
    this.cache ??= prepareTerraformCache(this.options.cacheDir, this.options.cliConfigFile).catch((error: unknown) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  private failure(error: unknown, options: JobOptions): JobFailure {
    const canceled = (error instanceof TerraformCommandError && error.canceled) || options.signal?.aborted === true;
    const message = (error as Error).message;
    return { ok: false, error: error instanceof ArchiveError ? `The template source archive was refused: ${message}` : message, canceled };
  }

  private log(options: JobOptions, level: LogLevel, stage: string, output: string): void {
    options.onLog({ level, stage, output, createdAt: this.clock.now() });
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const result = this.queue.then(job);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** A log that holds its lines until `release`, then passes them and every later one on. */
function heldLog(onLog: JobOptions['onLog']): { log: JobOptions['onLog']; release: () => void } {
  let held: ProvisionLog[] | undefined = [];
  return {
    log: (line) => (held ? held.push(line) : onLog(line)),
    release: () => {
      for (const line of held ?? []) onLog(line);
      held = undefined;
    },
  };
}

async function readFileIfExists(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
