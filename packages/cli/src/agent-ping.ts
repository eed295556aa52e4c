/** Round trips to a workspace agent over its `/ping` stream (the agent echoes each message). */
import type WebSocket from 'ws';
import { CliError } from './io';

/** Sends `payload` and resolves with the round trip in ms, or undefined after `timeoutMs`. */
export function pingOnce(ws: WebSocket, payload: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const done = (value: number | undefined, err?: Error) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (err) reject(err);
      else resolve(value);
    };
    // Echoes of earlier, timed-out pings are ignored: only this payload ends this ping.
    const onMessage = (data: WebSocket.RawData) => {
      if (String(data) === payload) done(performance.now() - started);
    };
    const onClose = (_code: number, reason: Buffer) => done(undefined, new CliError(`The connection to the workspace closed${reason.length ? `: ${reason.toString()}` : '.'}`));
    const timer = setTimeout(() => done(undefined), timeoutMs);
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(payload);
  });
}
