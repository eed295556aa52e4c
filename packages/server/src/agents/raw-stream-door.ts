/**
 * Raw dial-backs (see @warren/sdk/agent-connection): `GET /me/streams/{id}` with
 * `Upgrade: warren-stream` is answered 101 and its socket becomes the stream. @fastify/websocket
 * would refuse any upgrade but a WebSocket one, so these are taken off the HTTP server before
 * the router, as the app proxy's requests are; the agent is authenticated by its token as on the
 * router.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { agentStreamPath, RAW_STREAM_PROTOCOL, SESSION_TOKEN_HEADER } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { ApiError, notFound, STATUS_BY_CODE } from '../http/errors';
import { installFrontDoor } from '../http/front-door';
import { refuseUpgrade } from '../http/upgrade-reply';
import { authenticateAgentToken } from './agent-auth';
import type { AgentConnections } from './connections';

const STREAMS_PREFIX = agentStreamPath('');

/** The stream id of a raw dial-back request, or undefined for any other request. */
function rawStreamId(method: string | undefined, url: string | undefined, upgrade: boolean, protocol: string | undefined): string | undefined {
  if (!upgrade || method !== 'GET' || protocol?.toLowerCase() !== RAW_STREAM_PROTOCOL || !url?.startsWith(STREAMS_PREFIX)) return undefined;
  const id = url.slice(STREAMS_PREFIX.length).split('?')[0]!;
  return id && !id.includes('/') ? decodeURIComponent(id) : undefined;
}

export function installRawStreamDoor(app: FastifyInstance, ctx: ServerContext, conns: AgentConnections): void {
  const log = app.log.child({ component: 'agent-streams' });
  installFrontDoor<string>(app, {
    claim: (req) => {
      try {
        return rawStreamId(req.method, req.url, /\bupgrade\b/i.test(req.headers.connection ?? ''), req.headers.upgrade);
      } catch {
        return undefined; // a malformed escape: the router answers it
      }
    },
    handleRequest: async (_id, _req, res) => {
      res.writeHead(426, { Connection: 'Upgrade', Upgrade: RAW_STREAM_PROTOCOL }).end();
    },
    handleUpgrade: async (streamId, req, socket: Duplex, head) => {
      socket.on('error', () => socket.destroy());
      try {
        const token = req.headers[SESSION_TOKEN_HEADER.toLowerCase()];
        const agent = await authenticateAgentToken(ctx, typeof token === 'string' ? token : undefined);
        if (!conns.expectsStream(agent.id, streamId)) throw notFound('No such stream is waiting for this agent.');
      } catch (err) {
        const refusal = err instanceof ApiError ? err : new ApiError('internal', 'An internal error occurred.');
        if (!(err instanceof ApiError)) log.error({ err }, 'raw dial-back failed');
        return refuseUpgrade(socket, STATUS_BY_CODE[refusal.code], JSON.stringify(refusal.toResponse()), 'application/json');
      }
      if (socket.destroyed) return;
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${RAW_STREAM_PROTOCOL}\r\n\r\n`);
      if (head.length > 0) socket.unshift(head);
      const sock = socket as Socket;
      sock.setNoDelay(true);
      sock.setTimeout(0);
      conns.acceptStream(streamId, sock);
    },
  });
}
