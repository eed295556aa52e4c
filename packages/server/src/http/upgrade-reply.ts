import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Refuses an upgrade: answers plain HTTP on the request's socket and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  socket.end(head + body);
}
