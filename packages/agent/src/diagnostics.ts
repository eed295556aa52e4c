/**
 * The agent's side of the diagnostic streams: `echo` returns every message as sent (`warren
 * ping`), `speedtest` sends or measures bytes for a while (`warren speedtest`; the protocol is in
 * @warren/sdk/speedtest).
 */
import { sendFor } from '@warren/node-kit/ws-sender';
import { SPEEDTEST_CHUNK_BYTES, SPEEDTEST_DONE, ThroughputMeter } from '@warren/sdk/speedtest';
import WebSocket from 'ws';
import type { SpeedtestDirection } from '@warren/sdk/agent-connection';
import { rawLength } from './ws-stream';

export function serveEcho(ws: WebSocket): void {
  ws.on('message', (data, isBinary) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(data, { binary: isBinary });
  });
}

export function serveSpeedtest(ws: WebSocket, req: { direction: SpeedtestDirection; duration_ms: number }, now: () => number = () => performance.now()): void {
  if (req.direction === 'down') {
    ws.once('open', () => {
      void sendFor(ws, req.duration_ms, SPEEDTEST_CHUNK_BYTES, now).then(() => {
        if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'The download test is over.');
      });
    });
    return;
  }
  const meter = new ThroughputMeter(now);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return meter.add(rawLength(data));
    if (String(data) !== SPEEDTEST_DONE) return ws.close(1008, 'Unexpected message in an upload test.');
    ws.send(JSON.stringify(meter.result()), () => ws.close(1000, 'The upload test is over.'));
  });
}
