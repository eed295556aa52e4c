/**
 * The control connections of the agents attached to this server, and the streams they are asked
 * to dial back (see @warren/sdk/agent-connection). One control connection per agent: a newer one
 * replaces the older. Everything here lives in this process's memory.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AgentControlReply, AgentControlRequest, ListeningPort, StreamRequest } from '@warren/sdk';
import WebSocket from 'ws';

/** What a dial-back arrives as: a WebSocket, or a socket after a raw upgrade. */
export type StreamCarrier = WebSocket | Socket;

interface PendingStream {
  agentId: string;
  resolve: (carrier: StreamCarrier) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class AgentUnavailableError extends Error {}
/** The agent is there but could not open the stream (e.g. nothing listens on the port); the message says why. */
export class StreamDialError extends AgentUnavailableError {}

export class AgentConnections {
  private readonly controls = new Map<string, WebSocket>();
  private readonly streams = new Map<string, PendingStream>();
  private readonly replies = new Map<string, (msg: AgentControlReply) => void>();

  constructor(private readonly dialTimeoutMs = 15_000) {}

  isConnected(agentId: string): boolean {
    return this.controls.get(agentId)?.readyState === WebSocket.OPEN;
  }

  /** Makes `ws` the agent's control connection; answers a function to call when it closes (true if it was still current). */
  attachControl(agentId: string, ws: WebSocket): () => boolean {
    const previous = this.controls.get(agentId);
    this.controls.set(agentId, ws);
    if (previous && previous !== ws) previous.close(1000, 'Replaced by a newer connection of the agent.');
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: AgentControlReply;
      try {
        msg = JSON.parse(data.toString()) as AgentControlReply;
      } catch {
        return;
      }
      this.onReply(agentId, msg);
    });
    return () => {
      if (this.controls.get(agentId) !== ws) return false;
      this.controls.delete(agentId);
      for (const [id, s] of this.streams) {
        if (s.agentId === agentId) this.failStream(id, new AgentUnavailableError('The agent disconnected.'));
      }
      return true;
    };
  }

  /** Asks the agent to dial back a stream; resolves with the agent's side of it. */
  async dial(agentId: string, req: StreamRequest): Promise<WebSocket> {
    const carrier = await this.open(agentId, req);
    if (carrier instanceof WebSocket) return carrier;
    carrier.destroy();
    throw new AgentUnavailableError('The agent dialed back a raw stream where a WebSocket was asked for.');
  }

  /**
   * A TCP connection to a port on the agent's loopback for the server's own use: a raw dial-back
   * when the agent can make one, else the WebSocket it dialed back instead.
   */
  dialTcp(agentId: string, port: number): Promise<StreamCarrier> {
    return this.open(agentId, { kind: 'tcp', port, raw: true });
  }

  private open(agentId: string, req: StreamRequest): Promise<StreamCarrier> {
    const control = this.controls.get(agentId);
    if (!control || control.readyState !== WebSocket.OPEN) return Promise.reject(new AgentUnavailableError('The agent is not connected.'));
    const streamId = randomUUID();
    return new Promise<StreamCarrier>((resolve, reject) => {
      const timer = setTimeout(() => this.failStream(streamId, new AgentUnavailableError('The agent did not answer in time.')), this.dialTimeoutMs);
      this.streams.set(streamId, { agentId, resolve, reject, timer });
      control.send(JSON.stringify({ type: 'dial', stream_id: streamId, ...req } satisfies AgentControlRequest));
    });
  }

  /** Whether `streamId` is a stream this agent was asked to dial back. */
  expectsStream(agentId: string, streamId: string): boolean {
    return this.streams.get(streamId)?.agentId === agentId;
  }

  /** The agent's dial-back arrived (the caller checked `expectsStream`). */
  acceptStream(streamId: string, carrier: StreamCarrier): void {
    const pending = this.streams.get(streamId);
    if (!pending) {
      if (carrier instanceof WebSocket) carrier.close(1008, 'Unknown stream.');
      else carrier.destroy();
      return;
    }
    this.streams.delete(streamId);
    clearTimeout(pending.timer);
    pending.resolve(carrier);
  }

  async listeningPorts(agentId: string, timeoutMs = 10_000): Promise<ListeningPort[]> {
    const control = this.controls.get(agentId);
    if (!control || control.readyState !== WebSocket.OPEN) throw new AgentUnavailableError('The agent is not connected.');
    const id = randomUUID();
    const reply = await new Promise<AgentControlReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(id);
        reject(new AgentUnavailableError('The agent did not answer in time.'));
      }, timeoutMs);
      this.replies.set(id, (msg) => (clearTimeout(timer), resolve(msg)));
      control.send(JSON.stringify({ type: 'listening_ports', id } satisfies AgentControlRequest));
    });
    if (reply.type !== 'listening_ports') throw new Error(`unexpected reply ${reply.type}`);
    if (reply.error) throw new Error(reply.error);
    return reply.ports;
  }

  close(): void {
    for (const ws of this.controls.values()) ws.close(1001, 'The server is shutting down.');
    this.controls.clear();
    for (const id of [...this.streams.keys()]) this.failStream(id, new AgentUnavailableError('The server is shutting down.'));
  }

  private onReply(agentId: string, msg: AgentControlReply): void {
    if (msg.type === 'dial_error') {
      if (this.expectsStream(agentId, msg.stream_id)) this.failStream(msg.stream_id, new StreamDialError(msg.message));
    } else if (msg.type === 'listening_ports') {
      const resolve = this.replies.get(msg.id);
      this.replies.delete(msg.id);
      resolve?.(msg);
    }
  }

  private failStream(streamId: string, err: Error): void {
    const s = this.streams.get(streamId);
    if (!s) return;
    this.streams.delete(streamId);
    clearTimeout(s.timer);
    s.reject(err);
  }
}
