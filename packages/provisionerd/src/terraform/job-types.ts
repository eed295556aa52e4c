/** Inputs and results of the jobs a TerraformRunner runs. */
import type { Clock } from './clock.js';
import type { Env } from './environment.js';
import type { TerraformBinary } from './terraform-binary.js';
import type { TerraformCommandName } from './terraform-commands.js';
import type { TimingRecorder } from './timings.js';
import type { ExternalAuthToken, ParameterValue, ProvisionLog, VariableValue, WorkspaceMetadata } from './types.js';

export interface TerraformRunnerOptions {
  terraform: TerraformBinary;
  /** Job folders are created under here and removed when the job ends. */
  workRoot: string;
  /** This daemon's plugin cache and CLI configuration; not to be shared with a daemon running at the same time. */
  cacheDir: string;
  /** A CLI configuration to use instead of the generated one. */
  cliConfigFile?: string;
  /** The daemon's environment; its `CODER_*` variables never reach terraform. */
  hostEnv: Readonly<Record<string, string | undefined>>;
  /** Agent bootstrap scripts keyed `<os>_<arch>`, exported as `CODER_AGENT_SCRIPT_<os>_<arch>`. */
  agentScripts?: Readonly<Record<string, string>>;
  /** How long terraform may take to stop after SIGINT before it is killed. Default 30 s. */
  exitTimeoutMs?: number;
  clock?: Clock;
  newJobId?: () => string;
}

/** What every job gives. */
export interface JobOptions {
  /** The template source, a tar archive as uploaded. */
  templateArchive: Uint8Array;
  /** Template variables, passed as `-var name=value` to plan. */
  variables?: readonly VariableValue[];
  /** Receives every log line as it arrives; must not throw. */
  onLog: (log: ProvisionLog) => void;
  /** Cancels the job: terraform gets SIGINT, then SIGKILL after the exit timeout. */
  signal?: AbortSignal;
  /** Added to the environment of every terraform command, e.g. `TF_REATTACH_PROVIDERS`. */
  extraEnv?: Readonly<Env>;
  /**
   * Told each command's name and complete environment just before it starts. The commands told
   * here run one after another, so the last environment given is the one of the command running:
   * an in-process provider serves it (an import's stop plan, which differs in its transition, is
   * told `stopPlanProviders.onCommand` instead).
   * `folder` is the command's working folder, which relative paths in a template are read from.
   */
  onCommand?: (command: TerraformCommandName, env: Readonly<Env>, folder: string) => void;
  /** Sets `TF_LOG=JSON` for plan and apply (a build with debug logging). */
  debugLogging?: boolean;
  /** Receives the timings of the job's stages and resource actions. */
  timings?: TimingRecorder;
  /**
   * Providers served in-process (`extraEnv`'s TF_REATTACH_PROVIDERS), by local name, e.g.
   * `{ coder: 'registry.terraform.io/coder/coder' }`: a template using only these and built-in ones skips `init`.
   * Their schemas must have no attribute typed `dynamic`, so the state file is read without `terraform show`.
   */
  servedProviders?: Readonly<Record<string, string>>;
}

export interface ImportOptions extends JobOptions {
  /** Usually only `coderUrl` and `workspaceOwnerGroups: ['Everyone']`; each plan sets its transition. */
  metadata: Omit<WorkspaceMetadata, 'workspaceTransition'>;
  /**
   * The variables once the control plane has answered with their values, in place of `variables`:
   * the runner unpacks the template and computes its graph meanwhile, and only the plans wait.
   */
  pendingVariables?: Promise<readonly VariableValue[]>;
  /**
   * A second set of the in-process providers, for the stop plan: one set serves the environment
   * of one command at a time, so with providers served and without this set, the stop plan waits
   * for the start plan.
   */
  stopPlanProviders?: { extraEnv: Readonly<Record<string, string>>; onCommand: NonNullable<JobOptions['onCommand']> };
}

export interface DryRunOptions extends JobOptions {
  metadata: Omit<WorkspaceMetadata, 'workspaceTransition'>;
  parameters?: readonly ParameterValue[];
}

export interface BuildOptions extends JobOptions {
  metadata: WorkspaceMetadata;
  parameters?: readonly ParameterValue[];
  previousParameters?: readonly ParameterValue[];
  externalAuth?: readonly ExternalAuthToken[];
  /** The previous build's raw state, written as `terraform.tfstate` before planning. */
  state?: Uint8Array;
  /** Runs `terraform show -json` of the plan and returns it as `planJson` (default: not run, null). */
  showPlan?: boolean;
}

/** One planned transition: `terraform show -json` of the plan and the configuration graph in DOT. */
export interface PlannedTransition {
  planJson: string;
  graph: string;
}

export interface JobFailure {
  ok: false;
  /** A readable reason, e.g. terraform's first error message. */
  error: string;
  canceled: boolean;
}

export type ImportResult = { ok: true; start: PlannedTransition; stop: PlannedTransition } | JobFailure;

export type DryRunResult = { ok: true; start: PlannedTransition } | JobFailure;

export type BuildResult =
  | {
      ok: true;
      /** The raw `terraform.tfstate` to store with the build (empty when a destroy had no state). */
      state: Uint8Array;
      /** `terraform show -json` of the new state; null when nothing ran. */
      stateJson: string | null;
      graph: string;
      /** `terraform show -json` of the plan that was applied; null when nothing ran. */
      planJson: string | null;
    }
  /**
   * `state`, when present, is what to store anyway: the previous state after an init failure, the
   * partial state after an apply failure.
   */
  | (JobFailure & { state?: Uint8Array });
