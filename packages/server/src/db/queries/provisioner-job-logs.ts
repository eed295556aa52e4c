import type { Queryable } from '../database';

export interface JobLogRow {
  id: number;
  job_id: string;
  created_at: Date;
  source: 'provisioner_daemon' | 'provisioner';
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  stage: string;
  output: string;
}

export async function insertJobLogs(
  q: Queryable,
  jobId: string,
  logs: Array<{ createdAt: Date; source: string; level: string; stage: string; output: string }>,
): Promise<number> {
  if (logs.length === 0) return 0;
  const { rows } = await q.query<{ id: number }>(
    `INSERT INTO provisioner_job_logs (job_id, created_at, source, level, stage, output)
     SELECT $1, * FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[])
     RETURNING id`,
    [
      jobId,
      logs.map((l) => l.createdAt),
      logs.map((l) => l.source),
      logs.map((l) => l.level),
      logs.map((l) => l.stage),
      logs.map((l) => l.output),
    ],
  );
  return Math.max(...rows.map((r) => r.id));
}

export async function listJobLogsAfter(q: Queryable, jobId: string, after: number, limit = 10_000): Promise<JobLogRow[]> {
  const { rows } = await q.query<JobLogRow>(
    'SELECT * FROM provisioner_job_logs WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    [jobId, after, limit],
  );
  return rows;
}
