/**
 * Runs the manifest's scripts as Coder's agent does: through the user's shell (`sh -c`) in the
 * workspace directory, each in its own process group, stdout as `info` and stderr as `error` lines
 * of its log source (and appended to `<log dir>/coder-script-<source id>.log`), with a timeout that
 * interrupts the group and kills it after a grace period. Start scripts run in parallel; the first
 * failure decides the lifecycle (`start_timeout` for a timeout, `start_error` otherwise).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nsToMs, schedule } from './cron';
import type { ProcessEnvironment } from './environment';
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import type { LogSender } from './logs';
import type { AgentScript, Manifest, ScriptTiming } from './wire';

export class ScriptTimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`Script "${name}" timed out after ${ms} ms.`);
    this.name = 'ScriptTimeoutError';
  }
}

export class ScriptFailedError extends Error {
  constructor(
    name: string,
    readonly exitCode: number | null,
    detail?: string,
  ) {
    super(detail ?? `Script "${name}" exited with code ${exitCode}.`);
    this.name = 'ScriptFailedError';
  }
}

export interface ScriptRunnerOptions {
  environment: ProcessEnvironment;
  logs: LogSender;
  logger: AgentLogger;
  logDir: string;
  /** Holds `coder-script-data/<source id>` (CODER_SCRIPT_DATA_DIR) and `coder-script-data/bin`. */
  dataDir: string;
  /** Time between interrupting a timed-out script and killing it; also how long output pipes may outlive it. */
  killGraceMs?: number;
  /** Told when a script with an id has run: its start, end, exit code and how it ended. Must not throw. */
  onCompleted?: (timing: ScriptTiming) => void;
}

/** The manifest's scripts, plus the single start/stop scripts of older manifests. */
export function manifestScripts(manifest: Manifest, newId: () => string): AgentScript[] {
  const scripts = [...(manifest.scripts ?? [])];
  if (manifest.startup_script) {
    scripts.push({
      log_source_id: newId(),
      display_name: 'Startup Script',
      script: manifest.startup_script,
      run_on_start: true,
      start_blocks_login: manifest.startup_script_behavior === 'blocking',
      timeout: manifest.startup_script_timeout ?? 0,
    });
  }
  if (manifest.shutdown_script) {
    scripts.push({
      log_source_id: newId(),
      display_name: 'Shutdown Script',
      script: manifest.shutdown_script,
      run_on_stop: true,
      timeout: manifest.shutdown_script_timeout ?? 0,
    });
  }
  return scripts;
}

export class ScriptRunner {
  private readonly stops: (() => void)[] = [];
  private readonly running = new Set<number>();
  private closed = false;

  constructor(
    private readonly scripts: AgentScript[],
    private readonly opts: ScriptRunnerOptions,
  ) {
    for (const s of scripts) opts.logs.source(s.log_source_id, s.display_name || 'Script');
  }

  static binDir(dataDir: string): string {
    return path.join(dataDir, 'coder-script-data', 'bin');
  }

  /** Runs every script matching `filter` in parallel; rejects with the first failure after all end. */
  async run(filter: (s: AgentScript) => boolean, stage: ScriptTiming['stage'] = 'start'): Promise<void> {
    const results = await Promise.allSettled(this.scripts.filter(filter).map((s) => this.runOne(s, stage)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      const timeout = results.find((r) => r.status === 'rejected' && r.reason instanceof ScriptTimeoutError);
      throw (timeout as PromiseRejectedResult | undefined)?.reason ?? failed.reason;
    }
  }

  /** Starts the cron schedules; called once the start scripts have finished. */
  startCron(): void {
    for (const s of this.scripts) {
      if (!s.cron) continue;
      try {
        this.stops.push(
          schedule(s.cron, () =>
            this.runOne(s, 'cron').catch((err: unknown) => this.opts.logger.warn({ err: errMessage(err), script: s.display_name }, 'scheduled script failed')),
          ),
        );
      } catch (err) {
        this.opts.logger.error({ err: errMessage(err), cron: s.cron }, 'invalid script schedule');
      }
    }
  }

  /** Stops the schedules and kills running scripts. */
  close(): void {
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
    for (const pid of this.running) killGroup(pid, 'SIGKILL');
  }

  /** Runs one script to completion. */
  async runOne(script: AgentScript, stage: ScriptTiming['stage'] = 'start'): Promise<void> {
    if (this.closed) return;
    const { environment, logs, logger, logDir, dataDir } = this.opts;
    const name = script.display_name || script.log_source_id;
    const dataPath = path.join(dataDir, 'coder-script-data', script.log_source_id);
    mkdirSync(dataPath, { recursive: true, mode: 0o700 });
    mkdirSync(ScriptRunner.binDir(dataDir), { recursive: true, mode: 0o700 });
    const logPath = resolveLogPath(script, logDir, environment.env);
    mkdirSync(path.dirname(logPath), { recursive: true });
    const file = createWriteStream(logPath, { flags: 'a', mode: 0o600 });
    file.on('error', (err) => logger.warn({ err: errMessage(err), logPath }, 'script log file not writable'));

    const child = spawn(environment.shell, ['-c', script.script], {
      cwd: environment.directory,
      env: { ...environment.env, CODER_SCRIPT_DATA_DIR: dataPath },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const out = logs.writer(script.log_source_id, 'info');
    const errW = logs.writer(script.log_source_id, 'error');
    child.stdout.on('data', (b: Buffer) => (file.write(b), out.write(b)));
    child.stderr.on('data', (b: Buffer) => (file.write(b), errW.write(b)));
    if (child.pid) this.running.add(child.pid);
    logger.info({ script: name, logPath }, 'running agent script');
    const started = Date.now();
    const startedAt = new Date(started);

    const grace = this.opts.killGraceMs ?? 10_000;
    const timeoutMs = nsToMs(script.timeout);
    let timedOut = false;
    let pipesOpen = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          if (child.pid) killGroup(child.pid, 'SIGTERM');
          setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), grace).unref();
        }, timeoutMs)
      : undefined;

    const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
      let code: number | null = null;
      let pipeTimer: NodeJS.Timeout | undefined;
      child.once('error', (error) => resolve({ code: null, error }));
      child.once('exit', (c, sig) => {
        code = c ?? (sig ? 128 + (os.constants.signals[sig] ?? 0) : null);
        // A background process holding stdout/stderr keeps the pipes open: give up after the grace.
        pipeTimer = setTimeout(() => {
          pipesOpen = true;
          child.stdout.destroy();
          child.stderr.destroy();
          resolve({ code });
        }, grace);
      });
      child.once('close', () => {
        clearTimeout(pipeTimer);
        resolve({ code });
      });
    });
    clearTimeout(timer);
    if (child.pid) this.running.delete(child.pid);
    if (pipesOpen) {
      const warning = `WARNING: script exited successfully, but output pipes were not closed after ${grace} ms. A child process was probably started with references to stdout or stderr; redirect its output or use a separate script for it.\n`;
      errW.write(Buffer.from(warning));
    }
    out.end();
    errW.end();
    await new Promise<void>((resolve) => file.end(resolve));
    logger.info({ script: name, exitCode: exit.code, ms: Date.now() - started }, 'agent script finished');
    if (script.id) {
      const status = timedOut ? 'timed_out' : exit.error || exit.code !== 0 ? 'exit_failure' : pipesOpen ? 'pipes_left_open' : 'ok';
      this.opts.onCompleted?.({
        script_id: script.id,
        start: startedAt.toISOString(),
        end: new Date().toISOString(),
        exit_code: exit.code ?? -1,
        stage,
        status,
      });
    }
    if (timedOut) throw new ScriptTimeoutError(name, timeoutMs);
    if (exit.error) throw new ScriptFailedError(name, null, `Script "${name}" could not start: ${exit.error.message}`);
    if (pipesOpen) throw new ScriptFailedError(name, exit.code, `Script "${name}" exited without closing its output pipes.`);
    if (exit.code !== 0) throw new ScriptFailedError(name, exit.code);
  }
}

function resolveLogPath(script: AgentScript, logDir: string, env: Record<string, string>): string {
  let p = script.log_path || `coder-script-${script.log_source_id}.log`;
  if (p.startsWith('~')) p = path.join(env.HOME ?? os.homedir(), p.slice(1));
  p = p.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
  return path.isAbsolute(p) ? p : path.join(logDir, p);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
