/**
 * Requests some domain serves outside the router (the workspace app proxy: hosts under the
 * wildcard and `/@user/ws/apps/...` paths, any method, any path, upgrades included) are taken off
 * the HTTP server before Fastify routes them, so they stream without the router's body parsing
 * and limits. Everything else reaches Fastify (and @fastify/websocket) as before.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';

export interface FrontDoor<C> {
  /** What the door knows of a request it serves; undefined leaves it to the router. */
  claim(req: IncomingMessage): C | undefined;
  handleRequest(claim: C, req: IncomingMessage, res: ServerResponse): Promise<void>;
  handleUpgrade(claim: C, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

type Listener = (...args: unknown[]) => void;

/** Puts `door` in front of the server's request and upgrade listeners, once every plugin has added its own. */
export function installFrontDoor<C>(app: FastifyInstance, door: FrontDoor<C>): void {
  app.addHook('onReady', async () => {
    const server: Server = app.server;
    const wrap = (event: 'request' | 'upgrade', serve: (claim: C, args: unknown[]) => Promise<void>) => {
      const behind = server.listeners(event) as Listener[];
      server.removeAllListeners(event);
      server.on(event, (...args: unknown[]) => {
        const claim = door.claim(args[0] as IncomingMessage);
        if (claim === undefined) for (const l of behind) l.apply(server, args);
        else void serve(claim, args);
      });
    };
    wrap('request', (claim, [req, res]) => door.handleRequest(claim, req as IncomingMessage, res as ServerResponse));
    wrap('upgrade', (claim, [req, socket, head]) => door.handleUpgrade(claim, req as IncomingMessage, socket as Duplex, head as Buffer));
  });
}
