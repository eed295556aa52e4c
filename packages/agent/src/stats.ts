/**
 * Connection statistics fed by the connection layer and reported with `POST /me/report-stats`
 * at the interval the server answers (`report_interval`, ns). Byte and packet counters are deltas
 * since the last report; connection and session counts are the current ones.
 */
import type { AgentLogger } from './logger';
import { errMessage } from './logger';
import { isAborted, sleep } from './retry';
import type { StatsRequest, StatsResponse } from './wire';

export type SessionKind = 'ssh' | 'vscode' | 'jetbrains' | 'reconnecting_pty';
export type ConnectionProto = 'ssh' | 'reconnecting_pty' | 'tcp' | 'udp';

export class AgentStats {
  private readonly connections = new Map<ConnectionProto, number>();
  private readonly sessions = new Map<SessionKind, number>();
  private rxBytes = 0;
  private txBytes = 0;
  private rxPackets = 0;
  private txPackets = 0;
  private latencies: number[] = [];

  /** A client stream (dial-back WebSocket) opened; returns the matching close. */
  connectionOpened(proto: ConnectionProto): () => void {
    this.connections.set(proto, (this.connections.get(proto) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.connections.set(proto, (this.connections.get(proto) ?? 1) - 1);
    };
  }

  /** A session (SSH shell/exec, terminal) started; returns the matching end. */
  sessionStarted(kind: SessionKind): () => void {
    this.sessions.set(kind, (this.sessions.get(kind) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.sessions.set(kind, (this.sessions.get(kind) ?? 1) - 1);
    };
  }

  /** Bytes received from clients. */
  received(bytes: number): void {
    this.rxBytes += bytes;
    this.rxPackets++;
  }

  /** Bytes sent to clients. */
  sent(bytes: number): void {
    this.txBytes += bytes;
    this.txPackets++;
  }

  /** A round trip measured on the control connection. */
  latency(ms: number): void {
    this.latencies.push(ms);
    if (this.latencies.length > 64) this.latencies.shift();
  }

  /** The report body; resets the delta counters. */
  take(): StatsRequest {
    const byProto: Record<string, number> = {};
    let count = 0;
    for (const [proto, n] of this.connections) {
      if (n > 0) byProto[proto] = n;
      count += n;
    }
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : -1;
    const body: StatsRequest = {
      connections_by_proto: byProto,
      connection_count: count,
      connection_median_latency_ms: median,
      rx_packets: this.rxPackets,
      rx_bytes: this.rxBytes,
      tx_packets: this.txPackets,
      tx_bytes: this.txBytes,
      session_count_vscode: this.sessions.get('vscode') ?? 0,
      session_count_jetbrains: this.sessions.get('jetbrains') ?? 0,
      session_count_reconnecting_pty: this.sessions.get('reconnecting_pty') ?? 0,
      session_count_ssh: this.sessions.get('ssh') ?? 0,
      metrics: [],
    };
    this.rxBytes = this.txBytes = this.rxPackets = this.txPackets = 0;
    this.latencies = [];
    return body;
  }
}

/** Reports stats forever: the first (empty) report only asks for the interval. */
export async function runStatsLoop(
  stats: AgentStats,
  post: (body: StatsRequest | Record<string, never>, signal: AbortSignal) => Promise<StatsResponse>,
  signal: AbortSignal,
  logger: AgentLogger,
): Promise<void> {
  let intervalMs = 0;
  while (!signal.aborted) {
    try {
      const res = await post(intervalMs === 0 ? {} : stats.take(), signal);
      const next = Math.round((res?.report_interval ?? 0) / 1e6);
      intervalMs = next > 0 ? next : 30_000;
      await sleep(intervalMs, signal);
    } catch (err) {
      if (isAborted(err) || signal.aborted) return;
      logger.warn({ err: errMessage(err) }, 'report stats failed');
      await sleep(intervalMs || 5000, signal).catch(() => undefined);
    }
  }
}
