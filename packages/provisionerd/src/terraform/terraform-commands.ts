import path from 'node:path';
import type { Clock } from './clock.js';
import type { Env } from './environment.js';
import { runCommand } from './run-command.js';
import { type TerraformBinary, terraformFeatures } from './terraform-binary.js';
import { type LogLine, parseMachineReadableLine, StderrClassifier } from './terraform-log.js';
import type { TimingRecorder, TimingStage } from './timings.js';
import type { LogLevel, ProvisionLog, VariableValue } from './types.js';

/** A terraform command failed or was canceled; the message is meant for the job's error. */
export class TerraformCommandError extends Error {
  override readonly name = 'TerraformCommandError';

  constructor(
    message: string,
    readonly canceled: boolean,
  ) {
    super(message);
  }
}

export interface TerraformCommandsContext {
  binary: TerraformBinary;
  /** The job folder: terraform's working directory, holding the plan and state files. */
  folder: string;
  /** Environment of init, show and graph. */
  baseEnv: Readonly<Env>;
  signal?: AbortSignal;
  killGraceMs: number;
  clock: Clock;
  /** Receives log lines as terraform prints them; must not throw. */
  onLog: (log: ProvisionLog) => void;
  /** Told each command's name, complete environment and working folder just before the command starts. */
  onCommand?: (command: TerraformCommandName, env: Readonly<Env>, folder: string) => void;
  /** Measures init, plan, apply and graph, and each resource action terraform reports. */
  timings?: TimingRecorder;
}

/** Where one command's output goes: the job log stage and the command named in errors, per line. */
interface OutputRouting {
  stage: () => string;
  command: () => string;
  /** Sees each stdout line before it is logged, and `afterLine` after. */
  beforeLine?: (line: string) => void;
  afterLine?: (line: string) => void;
}

/** The `@timestamp` of a machine-readable line, if it has a valid one. */
function timestampOf(line: string): Date | undefined {
  const at = /"@timestamp":"([^"]+)"/.exec(line)?.[1];
  const date = at ? new Date(at) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Lines of `terraform apply` without a plan file that tell where its plan ends. */
const applyOutput = {
  /** The plan's change summary: printed even when the plan then fails with diagnostics. */
  isPlanSummary: (line: string) => line.startsWith('{') && line.includes('"type":"change_summary"') && line.includes('"operation":"plan"'),
  /**
   * After the summary, the first line that is neither a diagnostic nor the planned outputs begins
   * the apply. (Hook messages alone cannot tell: data sources read while planning report
   * `apply_start` too.)
   */
  beginsApply: (line: string) => line.startsWith('{') && !/"type":"(diagnostic|outputs)"/.test(line),
};

/** The terraform commands a job runs. */
export type TerraformCommandName = 'init' | 'plan' | 'apply' | 'show' | 'graph';

/**
 * The commands whose environment the in-process providers serve: `show` and `graph` only read
 * provider schemas, so they may run beside a plan without changing what its providers see.
 */
export const PROVIDER_ENV_COMMANDS: ReadonlySet<TerraformCommandName> = new Set(['init', 'plan', 'apply']);

/**
 * Coder's terraform command lines in a job folder. init, plan and apply (plan and apply take the
 * state lock) run one at a time; `show` of a plan file and `graph` may run beside them.
 */
export class TerraformCommands {
  readonly planFile: string;
  readonly stateFile: string;
  readonly folder: string;

  constructor(private readonly context: TerraformCommandsContext) {
    this.folder = context.folder;
    this.planFile = path.join(context.folder, 'terraform.tfplan');
    this.stateFile = path.join(context.folder, 'terraform.tfstate');
  }

  /** The environment of init, show and graph, which plan and apply add the workspace's to. */
  get baseEnv(): Readonly<Env> {
    return this.context.baseEnv;
  }

  /** The same commands in the same folder with some of the context replaced (other providers, another log). */
  with(changes: Partial<Pick<TerraformCommandsContext, 'baseEnv' | 'onCommand' | 'onLog'>>): TerraformCommands {
    return new TerraformCommands({ ...this.context, ...changes });
  }

  async init(stage: string): Promise<void> {
    const json = terraformFeatures(this.context.binary.version).initJson;
    const args = ['init', '-no-color', '-input=false', ...(json ? ['-json'] : [])];
    await this.streamed(stage, args, this.context.baseEnv, 'debug');
  }

  /**
   * Plans to `planFile` (the job's plan file unless another is named, for a second plan of one
   * job). `lock: false` lets two plans of a job without state run at once in its folder.
   */
  async plan(stage: string, env: Readonly<Env>, variables: readonly VariableValue[], how: { destroy?: boolean; planFile?: string; lock?: boolean } = {}): Promise<void> {
    const args = ['plan', '-no-color', '-input=false', '-json', '-refresh=true', `-out=${how.planFile ?? this.planFile}`];
    if (how.lock === false) args.push('-lock=false');
    if (how.destroy) args.push('-destroy');
    for (const { name, value } of variables) args.push('-var', `${name}=${value}`);
    await this.streamed(stage, args, env, 'info');
  }

  /** Applies the saved plan; parameter values are already baked into it. */
  async apply(stage: string, env: Readonly<Env>): Promise<void> {
    await this.streamed(stage, ['apply', '-no-color', '-auto-approve', '-input=false', '-json', this.planFile], env, 'info');
  }

  /**
   * Plans and applies in one process (`terraform apply` without a plan file): one start-up, one
   * reading of the configuration and state, providers configured once. The process runs with
   * `run.processEnv`, what a separate apply would get, while the in-process providers are told
   * `run.providerEnv` (see `onCommand`), what a separate plan would get: parameter values reach the
   * coder provider and never a local-exec provisioner. Output up to the plan's change summary is
   * logged under `stages.plan` and timed as the plan stage, the rest as the apply stage;
   * `onApplyStart` is called between the two. A failure before it reads `terraform plan failed`,
   * one after `terraform apply failed`.
   */
  async planAndApply(run: {
    stages: { plan: string; apply: string };
    processEnv: Readonly<Env>;
    providerEnv: Readonly<Env>;
    variables: readonly VariableValue[];
    destroy: boolean;
    onApplyStart?: () => void;
  }): Promise<void> {
    const args = ['apply', '-no-color', '-auto-approve', '-input=false', '-json', '-refresh=true'];
    if (run.destroy) args.push('-destroy');
    for (const { name, value } of run.variables) args.push('-var', `${name}=${value}`);
    const { timings, clock } = this.context;
    const phases: { stage: 'plan' | 'apply'; started: Date }[] = [{ stage: 'plan', started: clock.now() }];
    const phase = () => phases[phases.length - 1]!.stage;
    // When terraform printed the plan's summary: the apply stage starts there, so that each
    // resource's span (timed by terraform's own timestamps) falls inside it.
    let planSummarizedAt: Date | undefined;
    const split: OutputRouting = {
      stage: () => run.stages[phase()],
      command: () => phase(),
      beforeLine: (line) => {
        if (planSummarizedAt && phase() === 'plan' && applyOutput.beginsApply(line)) {
          phases.push({ stage: 'apply', started: planSummarizedAt });
          run.onApplyStart?.();
        }
        timings?.ingestLine(phase(), line);
      },
      afterLine: (line) => {
        if (!planSummarizedAt && applyOutput.isPlanSummary(line)) planSummarizedAt = timestampOf(line) ?? clock.now();
      },
    };
    let failed = true;
    try {
      await this.run(split, args, run.processEnv, 'info', run.providerEnv);
      failed = false;
    } finally {
      const ended = clock.now();
      phases.forEach(({ stage, started }, i) => {
        const end = phases[i + 1]?.started ?? ended;
        timings?.record({ stage, source: 'coder', action: 'terraform', resource: `coder_stage_${stage}`, start: started, end, state: failed && i === phases.length - 1 ? 'failed' : 'completed' });
      });
    }
  }

  /** `terraform show -json` of a saved plan (the job's plan file unless another is named), as printed. */
  async showPlan(planFile = this.planFile): Promise<string> {
    return this.captured(['show', '-json', '-no-color', planFile]);
  }

  /** `terraform show -json` of `terraform.tfstate`, as printed. */
  async showState(): Promise<string> {
    return this.captured(['show', '-json', '-no-color']);
  }

  /** The configuration graph in DOT. */
  async graph(): Promise<string> {
    const args = terraformFeatures(this.context.binary.version).graphTypePlan ? ['graph', '-type=plan'] : ['graph'];
    const { timings } = this.context;
    if (!timings) return this.captured(args);
    return timings.stage('graph', () =>
      timings.span({ stage: 'graph', source: 'terraform', action: 'building terraform dependency graph', resource: 'state file' }, () => this.captured(args)),
    );
  }

  private async streamed(stage: string, args: string[], env: Readonly<Env>, plainStdoutLevel: LogLevel): Promise<void> {
    const { timings } = this.context;
    const timingStage = args[0] as TimingStage;
    const output: OutputRouting = { stage: () => stage, command: () => args[0]!, beforeLine: (line) => timings?.ingestLine(timingStage, line) };
    if (!timings) return this.run(output, args, env, plainStdoutLevel);
    return timings.stage(timingStage, () => this.run(output, args, env, plainStdoutLevel));
  }

  private async run(output: OutputRouting, args: string[], env: Readonly<Env>, plainStdoutLevel: LogLevel, providerEnv = env): Promise<void> {
    let firstError: string | undefined;
    const emit = (lines: LogLine[]) => {
      for (const { level, output: text } of lines) {
        if (level === 'error' && firstError === undefined && text.trim() !== '') firstError = text.trim();
        this.context.onLog({ level, stage: output.stage(), output: text, createdAt: this.context.clock.now() });
      }
    };
    const stderr = new StderrClassifier();
    const result = await runCommand({
      ...this.processOptions(args, env, providerEnv),
      onStdoutLine: (line) => {
        output.beforeLine?.(line);
        emit(parseMachineReadableLine(line, plainStdoutLevel));
        output.afterLine?.(line);
      },
      onStderrLine: (line) => emit(stderr.classify(line)),
    });
    if (result.canceled) throw new TerraformCommandError(`terraform ${output.command()} was canceled.`, true);
    if (result.exitCode !== 0) {
      const reason = firstError ?? `exit status ${String(result.exitCode)}`;
      throw new TerraformCommandError(`terraform ${output.command()} failed: ${reason}`, false);
    }
  }

  private async captured(args: string[]): Promise<string> {
    const result = await runCommand(this.processOptions(args, this.context.baseEnv));
    if (result.canceled) throw new TerraformCommandError(`terraform ${args[0]} was canceled.`, true);
    if (result.exitCode !== 0) {
      const reason = result.stderr.trim() || `exit status ${String(result.exitCode)}`;
      throw new TerraformCommandError(`terraform ${args.join(' ')} failed: ${reason}`, false);
    }
    return result.stdout;
  }

  private processOptions(args: string[], env: Readonly<Env>, providerEnv = env) {
    const { binary, folder, signal, killGraceMs, clock, onCommand } = this.context;
    onCommand?.(args[0] as TerraformCommandName, providerEnv, folder);
    return { binary: binary.path, args, cwd: folder, env, signal, killGraceMs, clock };
  }
}
