/**
 * The raw dial-back of a stream (see @warren/sdk/agent-connection): an HTTP upgrade to
 * `warren-stream` on the stream's path, after which the connection carries the stream's bytes
 * with no framing. Resolves with the upgraded socket; rejects when the upgrade is answered with
 * anything but 101, so the caller can dial back a WebSocket instead.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { agentStreamPath, RAW_STREAM_PROTOCOL } from '@warren/sdk/agent-connection';
import type { AgentApi } from './api';

const HANDSHAKE_TIMEOUT_MS = 30_000;

export function dialRawStream(api: AgentApi, streamId: string): Promise<net.Socket> {
  const url = api.url(agentStreamPath(streamId));
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'GET',
      agent: false,
      timeout: HANDSHAKE_TIMEOUT_MS,
      headers: { ...api.headers, Connection: 'Upgrade', Upgrade: RAW_STREAM_PROTOCOL },
    });
    req.once('upgrade', (res, socket, head) => {
      if (res.headers.upgrade?.toLowerCase() !== RAW_STREAM_PROTOCOL) {
        socket.destroy();
        return reject(new Error(`The server upgraded to "${res.headers.upgrade ?? ''}", not ${RAW_STREAM_PROTOCOL}.`));
      }
      socket.setTimeout(0);
      socket.setNoDelay(true);
      // Bytes the server sent right behind its 101 belong to the stream.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('response', (res) => {
      res.resume();
      reject(new Error(`The server answered the raw dial-back with ${res.statusCode}.`));
    });
    req.once('timeout', () => req.destroy(new Error('The server did not answer the raw dial-back in time.')));
    req.once('error', reject);
    req.end();
  });
}
