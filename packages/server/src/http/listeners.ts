/**
 * The server's listeners, as Coder's flags have them: plain HTTP on `--http-address`, HTTPS on
 * `--tls-address` with `--tls-enable`, or both. The Fastify app owns one Node server (the HTTPS one
 * when TLS is on); the other listener hands its requests and upgrades to that server, so the
 * router, the WebSocket plugin and the app proxy's front door see every request the same way.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';
import type { ServerConfig, TlsConfig } from '../config/options';
import { isOverTls } from './security';

interface CertificatePair {
  cert: X509Certificate;
  context: SecureContext;
  pem: { cert: Buffer; key: Buffer };
}

function readPair(certFile: string, keyFile: string, minVersion: TlsConfig['minVersion']): CertificatePair {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new Error(`Cannot read the TLS ${what} file "${file}": ${(err as Error).message}`);
    }
  };
  const pem = { cert: read(certFile, 'certificate'), key: read(keyFile, 'key') };
  try {
    return { cert: new X509Certificate(pem.cert), context: createSecureContext({ ...pem, minVersion }), pem };
  } catch (err) {
    throw new Error(`The TLS certificate "${certFile}" with key "${keyFile}" cannot be used: ${(err as Error).message}`);
  }
}

/** HTTPS options: the first certificate by default, another when the client names a host only it covers. */
export function httpsOptions(tls: TlsConfig): https.ServerOptions {
  const pairs = tls.certFiles.map((certFile, i) => readPair(certFile, tls.keyFiles[i]!, tls.minVersion));
  const first = pairs[0]!;
  return {
    ...first.pem,
    minVersion: tls.minVersion,
    SNICallback: (servername, done) => done(null, (pairs.find((p) => p.cert.checkHost(servername)) ?? first).context),
  };
}

/** The factory Fastify builds its own server with: HTTPS when TLS is on, plain HTTP otherwise. */
export function serverFactoryFor(config: ServerConfig): FastifyServerFactory | undefined {
  if (!config.tls) return undefined;
  const options = httpsOptions(config.tls);
  return (handler) => https.createServer(options, handler) as unknown as Server;
}

/**
 * `--redirect-to-access-url`: a request for another host, or over plain HTTP when the access URL
 * is https, is sent to the access URL (same path). Workspace app hosts under the wildcard pass.
 */
export function accessUrlRedirect(req: IncomingMessage, accessUrl: URL, isAppHost: (host: string) => boolean): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  const wrongScheme = accessUrl.protocol === 'https:' && !isOverTls(req);
  if (!wrongScheme && (host === accessUrl.host || isAppHost(host))) return undefined;
  return new URL(req.url ?? '/', accessUrl).toString();
}

/** Puts the redirect in front of every listener of `server` (after the app proxy has added its own). */
export function installAccessUrlRedirect(server: Server, accessUrl: () => URL, isAppHost: (host: string) => boolean): void {
  const behind = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const location = accessUrlRedirect(req, accessUrl(), isAppHost);
    if (location === undefined) for (const l of behind) l.call(server, req, res);
    else res.writeHead(307, { Location: location, 'Cache-Control': 'no-store' }).end();
  });
}

/** A second listener (plain HTTP beside HTTPS) whose requests and upgrades the app's server serves. */
export function relayServer(app: FastifyInstance): Server {
  const relay = http.createServer();
  relay.on('request', (req, res) => app.server.emit('request', req, res));
  relay.on('upgrade', (req, socket, head) => app.server.emit('upgrade', req, socket, head));
  return relay;
}

export async function listen(server: Server, address: { host: string; port: number }): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  return typeof bound === 'object' && bound ? bound.port : address.port;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The URL a listener answers on (a wildcard bind answers on loopback). */
export function listenerUrl(scheme: 'http' | 'https', host: string, port: number): URL {
  const local = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return new URL(`${scheme}://${local.includes(':') ? `[${local}]` : local}:${port}`);
}
