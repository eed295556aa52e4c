import type { Queryable } from '../database';

export interface ProvisionerDaemonRow {
  id: string;
  organization_id: string;
  name: string;
  provisioners: string[];
  tags: Record<string, string>;
  version: string;
  api_version: string;
  key_id: string | null;
  created_at: Date;
  last_seen_at: Date | null;
}

/** Registers a daemon by (organization, name); a daemon that reconnects keeps its id. */
export async function upsertProvisionerDaemon(
  q: Queryable,
  p: {
    id: string;
    organizationId: string;
    name: string;
    provisioners: string[];
    tags: Record<string, string>;
    version: string;
    apiVersion: string;
    keyId: string | null;
    now: Date;
  },
): Promise<ProvisionerDaemonRow> {
  const { rows } = await q.query<ProvisionerDaemonRow>(
    `INSERT INTO provisioner_daemons (id, organization_id, name, provisioners, tags, version, api_version, key_id, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (organization_id, lower(name)) DO UPDATE
       SET provisioners = EXCLUDED.provisioners, tags = EXCLUDED.tags, version = EXCLUDED.version,
           api_version = EXCLUDED.api_version, key_id = EXCLUDED.key_id, last_seen_at = EXCLUDED.last_seen_at
     RETURNING *`,
    [p.id, p.organizationId, p.name, p.provisioners, JSON.stringify(p.tags), p.version, p.apiVersion, p.keyId, p.now],
  );
  return rows[0]!;
}

export async function touchProvisionerDaemon(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query('UPDATE provisioner_daemons SET last_seen_at = $2 WHERE id = $1', [id, now]);
}

export interface ProvisionerDaemonListRow extends ProvisionerDaemonRow {
  key_name: string | null;
  current_job_id: string | null;
  current_job_status: string | null;
  current_template_name: string | null;
  previous_job_id: string | null;
  previous_job_status: string | null;
  previous_template_name: string | null;
}

const JOB_TEMPLATE_NAME = `(SELECT t.name FROM template_versions v JOIN templates t ON t.id = v.template_id
   WHERE v.job_id = j.id OR v.id = (SELECT b.template_version_id FROM workspace_builds b WHERE b.job_id = j.id) LIMIT 1)`;

/** The daemons of an organization with their key's name and their current and previous jobs. */
export async function listProvisionerDaemons(q: Queryable, organizationId: string, ids?: string[]): Promise<ProvisionerDaemonListRow[]> {
  const { rows } = await q.query<ProvisionerDaemonListRow>(
    `SELECT d.*, k.name AS key_name,
            cur.id AS current_job_id, cur.job_status AS current_job_status, cur.template_name AS current_template_name,
            prev.id AS previous_job_id, prev.job_status AS previous_job_status, prev.template_name AS previous_template_name
     FROM provisioner_daemons d
     LEFT JOIN provisioner_keys k ON k.id = d.key_id
     LEFT JOIN LATERAL (SELECT j.id, j.job_status, ${JOB_TEMPLATE_NAME} AS template_name FROM provisioner_jobs j
                        WHERE j.worker_id = d.id AND j.completed_at IS NULL ORDER BY j.started_at DESC LIMIT 1) cur ON true
     LEFT JOIN LATERAL (SELECT j.id, j.job_status, ${JOB_TEMPLATE_NAME} AS template_name FROM provisioner_jobs j
                        WHERE j.worker_id = d.id AND j.completed_at IS NOT NULL ORDER BY j.completed_at DESC LIMIT 1) prev ON true
     WHERE d.organization_id = $1 AND ($2::uuid[] IS NULL OR d.id = ANY ($2::uuid[]))
     ORDER BY d.created_at, d.name`,
    [organizationId, ids ?? null],
  );
  return rows;
}
