/**
 * The workspace agent: fetches the manifest, reports startup and lifecycle, runs scripts, reports
 * stats, metadata and app health, and serves terminals, SSH and TCP forwarding over the control
 * connection. Every loop retries with backoff, so the agent rides out server restarts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { WARREN_VERSION } from '@warren/sdk/version';
import { AgentApi } from './api';
import { AppHealthLoop } from './apphealth';
import { ControlConnection } from './control';
import { agentVariables, expandDirectory, workspaceEnvironment, type ProcessEnvironment } from './environment';
import type { FetchLike } from './http-fetch';
import { LifecycleReporter } from './lifecycle';
import { createLogger, errMessage, type AgentLogger } from './logger';
import { LogSender } from './logs';
import { MetadataLoop } from './metadata';
import { ReconnectingPtys } from './pty';
import { isAborted, retry, sleep } from './retry';
import { ScriptRunner, ScriptTimeoutError, manifestScripts } from './scripts';
import { selfExecutable } from './self-executable';
import { AgentSshServer } from './ssh';
import { AgentStats, runStatsLoop } from './stats';
import type { LifecycleState, Manifest } from './wire';

export interface RunAgentOptions {
  /** The deployment's access URL (CODER_AGENT_URL). */
  url: string | URL;
  /** The agent token, sent as `Coder-Session-Token`. */
  token: string;
  /** Script output files go here (default: the temp folder). */
  logDir?: string;
  /** Scripts' data and bin folders go under `<dir>/coder-script-data` (default: the temp folder). */
  scriptDataDir?: string;
  subsystems?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logger?: AgentLogger;
  /** The environment workspace processes start from (default: the agent's, less its token). */
  env?: NodeJS.ProcessEnv;
  /** A terminal without clients ends after this long (default 5 minutes). */
  reconnectingPtyTimeoutMs?: number;
  /** Between interrupting and killing a timed-out script (default 10 s). */
  scriptKillGraceMs?: number;
  /** Upper bound for reporting the final lifecycle state on shutdown (default 30 s). */
  shutdownReportTimeoutMs?: number;
  /** SIGTERM and SIGINT shut the agent down gracefully (default false; the CLI sets it). */
  handleSignals?: boolean;
  /** Shared counters; the connection layer feeds them (a fresh one by default). */
  stats?: AgentStats;
  version?: string;
  /** The argv that starts this program's CLI (the one binary: itself), for GIT_ASKPASS and GIT_SSH_COMMAND. */
  selfCommand?: string[];
  fetch?: FetchLike;
  now?: () => Date;
}

export interface Agent {
  readonly stats: AgentStats;
  /** The current lifecycle state. */
  readonly lifecycle: LifecycleState;
  /** Every lifecycle state so far, in order. */
  readonly lifecycleHistory: LifecycleState[];
  readonly manifest: Manifest | undefined;
  /** Resolves with ready / start_timeout / start_error once the start scripts have ended. */
  readonly started: Promise<LifecycleState>;
  /** Runs stop scripts, reports the final state and frees everything (idempotent). */
  close(): Promise<void>;
}

export function runAgent(options: RunAgentOptions): Agent {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const abort = new AbortController();
  const signal = abort.signal;
  const now = options.now ?? (() => new Date());
  const stats = options.stats ?? new AgentStats();
  const api = new AgentApi(options.url, options.token, options.fetch);
  // The agent's own environment; its secrets are left out where sessions are built (environment.ts).
  const baseEnv = options.env ?? { ...process.env };
  const logDir = options.logDir ?? os.tmpdir();
  const dataDir = options.scriptDataDir ?? os.tmpdir();
  const lifecycle = new LifecycleReporter((req, s) => api.lifecycle(req, s), signal, logger.child({ part: 'lifecycle' }), now);
  const logs = new LogSender({
    patchLogs: (req) => api.patchLogs(req, signal),
    createSource: (req) => api.logSource(req, signal),
    logger: logger.child({ part: 'logs' }),
    now,
  });

  let manifest: Manifest | undefined;
  let environment: ProcessEnvironment | undefined;
  let scripts: ReturnType<typeof manifestScripts> = [];
  let runner: ScriptRunner | undefined;
  let closing: Promise<void> | undefined;
  let metadata: MetadataLoop | undefined;
  let appHealth: AppHealthLoop | undefined;
  const currentEnvironment = (): ProcessEnvironment => {
    if (!environment) throw new Error('The workspace agent has not received its manifest yet.');
    return environment;
  };
  const scriptRunner = (list: typeof scripts, env: ProcessEnvironment) =>
    new ScriptRunner(list, {
      environment: env,
      logs,
      logger: logger.child({ part: 'scripts' }),
      logDir,
      dataDir,
      killGraceMs: options.scriptKillGraceMs,
      onCompleted: (timing) =>
        void api.scriptCompleted(timing, signal).catch((err: unknown) => logger.warn({ err: errMessage(err), script: timing.script_id }, 'report script timing failed')),
    });
  const ptys = new ReconnectingPtys({ environment: currentEnvironment, stats, logger: logger.child({ part: 'pty' }), idleTimeoutMs: options.reconnectingPtyTimeoutMs });
  const ssh = new AgentSshServer({ environment: currentEnvironment, stats, logger: logger.child({ part: 'ssh' }) });
  const control = new ControlConnection({ api, stats, logger: logger.child({ part: 'control' }), ptys, ssh, signal });

  let resolveStarted!: (s: LifecycleState) => void;
  const started = new Promise<LifecycleState>((r) => (resolveStarted = r));

  const start = async () => {
    manifest = await retry(() => api.manifest(signal), {
      signal,
      minMs: 100,
      maxMs: 10_000,
      onError: (err) => logger.warn({ err: errMessage(err) }, 'fetch manifest failed'),
    });
    const m = manifest;
    logger.info({ agentId: m.agent_id, scripts: m.scripts?.length ?? 0 }, 'fetched manifest');
    mkdirSync(logDir, { recursive: true });
    const agentVars = agentVariables(options.url, options.token, selfExecutable(options.selfCommand, dataDir));
    environment = workspaceEnvironment(m, baseEnv, ScriptRunner.binDir(dataDir), agentVars);
    // Reported while the scripts start: nothing they do waits for it.
    const reported = retry(
      () => api.startup({ version: options.version ?? WARREN_VERSION, expanded_directory: expandDirectory(m.directory, baseEnv), subsystems: options.subsystems ?? [] }, signal),
      { signal, minMs: 100, maxMs: 10_000, onError: (err) => logger.warn({ err: errMessage(err) }, 'report startup failed') },
    );
    reported.catch(() => undefined); // awaited below; aborting before then must not count as unhandled
    lifecycle.set('starting');
    void control.run();
    void runStatsLoop(stats, (body, s) => api.reportStats(body, s), signal, logger.child({ part: 'stats' }));
    metadata = new MetadataLoop(m.metadata ?? [], environment, (results) => api.metadata(results, signal), logger.child({ part: 'metadata' }), now);
    metadata.start();
    appHealth = new AppHealthLoop(m.apps ?? [], (body) => api.appHealth(body, signal), logger.child({ part: 'apphealth' }), options.fetch);
    appHealth.start();

    scripts = manifestScripts(m, randomUUID);
    runner = scriptRunner(scripts, environment);
    let outcome: LifecycleState = 'ready';
    try {
      await runner.run((s) => !!s.run_on_start);
    } catch (err) {
      outcome = err instanceof ScriptTimeoutError ? 'start_timeout' : 'start_error';
      logger.warn({ err: errMessage(err) }, 'start scripts failed');
    }
    await reported;
    if (signal.aborted || closing) return resolveStarted(lifecycle.state);
    lifecycle.set(outcome);
    runner.startCron();
    resolveStarted(outcome);
  };
  void start().catch((err: unknown) => {
    if (!isAborted(err)) logger.error({ err: errMessage(err) }, 'agent start failed');
    resolveStarted(lifecycle.state);
  });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down');
      lifecycle.set('shutting_down');
      metadata?.close();
      appHealth?.close();
      let final: LifecycleState = 'off';
      if (runner && environment) {
        runner.close();
        const stopRunner = scriptRunner(scripts.filter((s) => s.run_on_stop), environment);
        try {
          await stopRunner.run(() => true, 'stop');
        } catch (err) {
          final = err instanceof ScriptTimeoutError ? 'shutdown_timeout' : 'shutdown_error';
          logger.warn({ err: errMessage(err) }, 'stop scripts failed');
        }
      }
      lifecycle.set(final);
      await logs.close(5000);
      await Promise.race([lifecycle.flushed(), sleep(options.shutdownReportTimeoutMs ?? 30_000)]);
      abort.abort();
      control.close();
      ptys.close();
      ssh.close();
      runner?.close();
      removeSignals();
      logger.info({ state: lifecycle.state }, 'agent stopped');
    })();
    return closing;
  };

  const onSignal = (sig: NodeJS.Signals) => {
    logger.info({ signal: sig }, 'signal received');
    void close().then(() => process.exit(0));
  };
  const removeSignals = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  if (options.handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  return {
    stats,
    get lifecycle() {
      return lifecycle.state;
    },
    get lifecycleHistory() {
      return lifecycle.history;
    },
    get manifest() {
      return manifest;
    },
    started,
    close,
  };
}
