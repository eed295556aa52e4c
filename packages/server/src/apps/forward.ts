/**
 * Moving one authorized request to its app and the answer back: HTTP requests through the
 * agent's keep-alive pool with bodies streamed both ways (so large uploads and endless responses
 * hold little memory), WebSocket upgrades on a connection of their own, piped byte for byte once
 * the app switches protocols.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppTokenPayload } from './app-token';
import { appRequestHeaders } from './request-headers';
import { relayResponse, type AppTransport } from './transport';

const describe = (t: AppTokenPayload) => `port ${t.port}${t.https ? ' (HTTPS)' : ''} of agent "${t.agentName}"`;

export function forwardRequest(
  transport: AppTransport,
  token: AppTokenPayload,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  proto: 'http' | 'https',
  onError: (err: Error, target: string) => void,
  setCookies: string[],
): void {
  const headers = appRequestHeaders(req.headers, { remoteAddress: req.socket.remoteAddress, host: req.headers.host, proto }, false);
  const up = transport.request(token, req.method ?? 'GET', path, headers);
  up.on('response', (answer) => {
    relayResponse(answer, res, setCookies);
    answer.on('error', () => res.destroy());
  });
  up.on('error', (err) => {
    if (res.headersSent) res.destroy();
    else onError(err, describe(token));
  });
  // The browser went away: stop the request to the app (and free its connection).
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.on('error', () => up.destroy());
  req.pipe(up);
}

export async function forwardUpgrade(
  transport: AppTransport,
  token: AppTokenPayload,
  path: string,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  proto: 'http' | 'https',
): Promise<void> {
  const upstream = await transport.connect(token);
  const headers = appRequestHeaders(req.headers, { remoteAddress: req.socket.remoteAddress, host: req.headers.host, proto }, true);
  const up = transport.requestOnce(upstream, req.method ?? 'GET', path, headers);
  const closeBoth = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('close', () => upstream.destroy());
  up.on('upgrade', (answer, appSocket, appHead) => {
    client.write(statusAndHeaders(answer));
    if (appHead.length > 0) client.write(appHead);
    if (head.length > 0) appSocket.write(head);
    appSocket.on('error', closeBoth);
    client.on('error', closeBoth);
    appSocket.pipe(client).pipe(appSocket);
  });
  up.on('response', (answer) => {
    // The app declined the upgrade: pass its answer on and close.
    client.write(statusAndHeaders(answer, true));
    answer.pipe(client);
    answer.on('end', () => client.end());
  });
  up.on('error', (err) => {
    if (!client.destroyed) client.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\nThe application could not be reached at ${describe(token)}: ${err.message}\n`);
  });
  up.end();
}

function statusAndHeaders(answer: IncomingMessage, closing = false): string {
  const lines = [`HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}`];
  const raw = answer.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name.startsWith('access-control-')) continue;
    if (closing && (name === 'connection' || name === 'transfer-encoding' || name === 'keep-alive')) continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  if (closing) lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}
