import type { Client, MatchedProvisioners, ProvisionerJob, ProvisionerJobLog } from '@warren/sdk';
import WebSocket from 'ws';
import { selfName } from './self';

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

/**
 * Warns, before following a pending job, when no daemon can take it (none matches its tags) or
 * none of those that match has been seen recently, instead of waiting silently.
 */
export function warnUnmatchedJob(job: ProvisionerJob, matched: MatchedProvisioners | undefined, write: (line: string) => void): void {
  if (job.status !== 'pending' || !matched) return;
  const tags = Object.entries(job.tags).map(([k, v]) => `${k}=${v}`).join(' ');
  if (matched.count === 0) {
    write(
      `WARN: no provisioner daemons match the job's tags (${tags}). The job stays pending until a provisioner daemon with these tags connects; ` +
        `see '${selfName()} provisioner list' and ask your administrator.\n  Provisioner job ID: ` + job.id,
    );
  } else if (matched.available === 0) {
    write(
      `WARN: the provisioner daemons that match the job's tags (${tags}) have not been seen recently` +
        `${matched.most_recently_seen ? ` (last at ${matched.most_recently_seen})` : ''}; the job may wait until one reconnects.\n  Provisioner job ID: ${job.id}`,
    );
  }
}
