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
