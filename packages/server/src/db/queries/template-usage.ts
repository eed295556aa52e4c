import type { Queryable } from '../database';

/** Records that the owner of a workspace used it in the hour of `at`. */
export async function recordTemplateUsage(q: Queryable, workspaceId: string, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO template_usage_hours (template_id, user_id, hour)
     SELECT template_id, owner_id, date_trunc('hour', $2::timestamptz, 'UTC') FROM workspaces WHERE id = $1
     ON CONFLICT DO NOTHING`,
    [workspaceId, at],
  );
}

/** Distinct users per calendar day at `offsetHours` from UTC, for days since `since`; of one template or all. */
export async function countTemplateDailyUsers(
  q: Queryable,
  templateId: string | undefined,
  offsetHours: number,
  since: Date,
): Promise<Array<{ date: string; amount: number }>> {
  const { rows } = await q.query<{ date: string; amount: number }>(
    `SELECT to_char((hour AT TIME ZONE 'UTC') + make_interval(hours => $2), 'YYYY-MM-DD') AS date, count(DISTINCT user_id)::int AS amount
     FROM template_usage_hours WHERE ($1::uuid IS NULL OR template_id = $1) AND hour >= $3
     GROUP BY 1 ORDER BY 1`,
    [templateId ?? null, offsetHours, since],
  );
  return rows;
}
