import type { Client, ProvisionerJobLog } from '@warren/sdk';
import WebSocket from 'ws';

/**
 * Streams a job's logs (`/logs?follow`) until the server closes the stream when the job ends,
 * printing a header whenever the stage changes, as Coder's CLI does.
 */
export async function followJobLogs(
  client: Client,
  resource: 'templateversions' | 'workspacebuilds',
  id: string,
  write: (line: string) => void,
): Promise<void> {
  const url = new URL(`/api/v2/${resource}/${encodeURIComponent(id)}/logs?follow=true&after=0`, client.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let stage = '';
  await new Promise<void>((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { 'Coder-Session-Token': client.sessionToken ?? '' } });
    ws.on('message', (data) => {
      const log = JSON.parse(String(data)) as ProvisionerJobLog;
      if (log.stage && log.stage !== stage) {
        stage = log.stage;
        write(`==> ${stage}`);
      }
      if (log.output) write(log.output);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`Could not follow the logs: the server answered ${res.statusCode}.`)));
    ws.on('error', reject);
    ws.on('close', () => resolve());
  });
}
