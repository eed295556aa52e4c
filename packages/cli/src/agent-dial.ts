/**
 * Reaching a workspace agent through the server: finding the agent of `[owner/]workspace[.agent]`
 * and opening one of its stream WebSockets (`ssh`, `tcp?port=`) as a Node duplex.
 */
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, SESSION_TOKEN_HEADER, type Client, type Workspace, type WorkspaceAgent } from '@warren/sdk';
import WebSocket, { createWebSocketStream } from 'ws';
import { resolveWorkspace } from './commands/common';
import { CliError } from './io';

export interface ResolvedAgent {
  workspace: Workspace;
  agent: WorkspaceAgent;
}

/** The agent named by `[owner/]workspace[.agent]`; the workspace must be running with its agent connected. */
export async function resolveAgent(client: Client, ref: string): Promise<ResolvedAgent> {
  const [wsRef, agentName] = splitAgent(ref);
  const workspace = await resolveWorkspace(client, wsRef);
  const build = workspace.latest_build;
  if (build.transition !== 'start' || build.status !== 'running') {
    throw new CliError(`Workspace "${workspace.name}" is ${build.status}; it must be running. Start it with 'warren start ${workspace.name}'.`);
  }
  const agents = build.resources.flatMap((r) => r.agents ?? []);
  if (agents.length === 0) throw new CliError(`Workspace "${workspace.name}" has no agents.`);
  let agent: WorkspaceAgent | undefined;
  if (agentName) {
    agent = agents.find((a) => a.name === agentName);
    if (!agent) throw new CliError(`Workspace "${workspace.name}" has no agent named "${agentName}" (agents: ${agents.map((a) => a.name).join(', ')}).`);
  } else {
    if (agents.length > 1) throw new CliError(`Workspace "${workspace.name}" has several agents; name one: ${agents.map((a) => `${workspace.name}.${a.name}`).join(', ')}.`);
    agent = agents[0]!;
  }
  return { workspace, agent };
}

/** `owner/name.agent` → [`owner/name`, `agent`]. */
export function splitAgent(ref: string): [string, string | undefined] {
  const slash = ref.lastIndexOf('/');
  const dot = ref.indexOf('.', slash + 1);
  return dot < 0 ? [ref, undefined] : [ref.slice(0, dot), ref.slice(dot + 1) || undefined];
}

/**
 * Options of the stream WebSockets: no compression, and the masking key left at zero (masking
 * protects browsers' intermediaries from script-chosen payloads; with an all-zero key ws skips
 * copying every frame to mask it, and the server skips unmasking it).
 */
export const STREAM_WS_OPTIONS = { perMessageDeflate: false, generateMask: (mask: Buffer) => void mask.fill(0), handshakeTimeout: 30_000, maxPayload: 64 << 20 } as const;

/** Bytes sent and not yet flushed (or written and not yet taken by the socket) past which reading the other side pauses. */
const HIGH_WATER = 1 << 20;
const LOW_WATER = 256 << 10;

/**
 * Opens `/api/v2/workspaceagents/{id}/{path}` as a WebSocket; refusals become the server's
 * sentence. `attach` runs before the socket can open: the first bytes of a server-first protocol
 * (SSH's banner) may arrive in the same read as the upgrade response.
 */
export function openAgentWebSocket(client: Client, agentId: string, path: string, attach: (ws: WebSocket) => void = () => undefined): Promise<WebSocket> {
  const url = new URL(`/api/v2/workspaceagents/${encodeURIComponent(agentId)}/${path}`, client.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers: Record<string, string> = client.sessionToken ? { [SESSION_TOKEN_HEADER]: client.sessionToken } : {};
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...STREAM_WS_OPTIONS, headers });
    attach(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let body: { message: string; detail?: string };
        try {
          body = JSON.parse(text) as { message: string; detail?: string };
        } catch {
          body = { message: `The server answered ${res.statusCode}.` };
        }
        ws.terminate();
        reject(new ApiError(res.statusCode ?? 500, body));
      });
    });
    ws.once('error', (err) => reject(new CliError(`Could not connect to the workspace agent: ${err.message}`)));
  });
}

/** {@link openAgentWebSocket} with a Node duplex over the socket (for ssh2 and stdio). */
export async function openAgentStream(client: Client, agentId: string, path: string): Promise<{ ws: WebSocket; stream: Duplex }> {
  let stream!: Duplex;
  const ws = await openAgentWebSocket(client, agentId, path, (w) => {
    stream = createWebSocketStream(w);
    stream.on('error', () => w.terminate());
  }).catch((err: unknown) => {
    stream?.destroy();
    throw err;
  });
  return { ws, stream };
}

/**
 * Pipes a stream WebSocket (which may still be connecting) and a TCP socket both ways, one frame
 * per socket read and one socket write per frame, without copies. Flow control holds both ways:
 * past HIGH_WATER bytes not yet flushed to one side, reading the other side pauses. The end of
 * either side ends the other; `done` runs once, when both are closed.
 */
export function pipeSocketToAgent(ws: WebSocket, sock: net.Socket, done: () => void = () => undefined): void {
  let unflushed = 0;
  let sockPaused = false;
  let wsPaused = false;
  const onSent = (n: number) => () => {
    unflushed -= n;
    if (sockPaused && unflushed <= LOW_WATER) {
      sockPaused = false;
      sock.resume();
    }
  };
  ws.on('message', (data: WebSocket.RawData) => {
    if (sock.destroyed) return;
    sock.write(Array.isArray(data) ? Buffer.concat(data) : (data as Buffer));
    if (!wsPaused && sock.writableLength > HIGH_WATER) {
      wsPaused = true;
      ws.pause();
    }
  });
  sock.on('drain', () => {
    if (wsPaused) {
      wsPaused = false;
      ws.resume();
    }
  });
  const startReading = () => {
    sock.on('data', (chunk: Buffer) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      unflushed += chunk.length;
      ws.send(chunk, { binary: true }, onSent(chunk.length));
      if (!sockPaused && unflushed > HIGH_WATER) {
        sockPaused = true;
        sock.pause();
      }
    });
    sock.resume();
  };
  sock.pause();
  if (ws.readyState === WebSocket.OPEN) startReading();
  else ws.once('open', startReading);
  const closeWs = () => {
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  };
  sock.once('end', closeWs);
  sock.once('error', () => sock.destroy());
  let closedCount = 0;
  const oneClosed = () => {
    if (++closedCount === 2) done();
  };
  sock.once('close', () => {
    closeWs();
    oneClosed();
  });
  ws.once('close', () => {
    if (!sock.destroyed) sock.end(() => sock.destroy());
    oneClosed();
  });
  ws.on('error', () => sock.destroy());
}

/** Resolves when the socket has closed, with the code and reason. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
