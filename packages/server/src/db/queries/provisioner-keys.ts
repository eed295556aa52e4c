import type { Queryable } from '../database';

export interface ProvisionerKeyRow {
  id: string;
  created_at: Date;
  organization_id: string;
  name: string;
  hashed_secret: Buffer;
  tags: Record<string, string>;
}

export async function insertProvisionerKey(
  q: Queryable,
  p: { id: string; organizationId: string; name: string; hashedSecret: Buffer; tags: Record<string, string>; now: Date },
): Promise<ProvisionerKeyRow> {
  const { rows } = await q.query<ProvisionerKeyRow>(
    `INSERT INTO provisioner_keys (id, created_at, organization_id, name, hashed_secret, tags)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [p.id, p.now, p.organizationId, p.name, p.hashedSecret, JSON.stringify(p.tags)],
  );
  return rows[0]!;
}

export async function listProvisionerKeys(q: Queryable, organizationId: string): Promise<ProvisionerKeyRow[]> {
  const { rows } = await q.query<ProvisionerKeyRow>(
    'SELECT * FROM provisioner_keys WHERE organization_id = $1 ORDER BY created_at, name',
    [organizationId],
  );
  return rows;
}

export async function getProvisionerKeyByName(q: Queryable, organizationId: string, name: string): Promise<ProvisionerKeyRow | undefined> {
  const { rows } = await q.query<ProvisionerKeyRow>(
    'SELECT * FROM provisioner_keys WHERE organization_id = $1 AND lower(name) = lower($2)',
    [organizationId, name],
  );
  return rows[0];
}

export async function getProvisionerKeyByHashedSecret(q: Queryable, hashedSecret: Buffer): Promise<ProvisionerKeyRow | undefined> {
  const { rows } = await q.query<ProvisionerKeyRow>('SELECT * FROM provisioner_keys WHERE hashed_secret = $1', [hashedSecret]);
  return rows[0];
}

export async function getProvisionerKeyById(q: Queryable, id: string): Promise<ProvisionerKeyRow | undefined> {
  const { rows } = await q.query<ProvisionerKeyRow>('SELECT * FROM provisioner_keys WHERE id = $1', [id]);
  return rows[0];
}

/** Deletes a key and the daemons registered with it. */
export async function deleteProvisionerKey(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM provisioner_daemons WHERE key_id = $1', [id]);
  await q.query('DELETE FROM provisioner_keys WHERE id = $1', [id]);
}
