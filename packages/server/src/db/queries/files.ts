import type { Queryable } from '../database';

export interface FileRow {
  id: string;
  hash: string;
  created_at: Date;
  created_by: string;
  mimetype: string;
  data: Buffer;
}

export async function getFileById(q: Queryable, id: string): Promise<FileRow | undefined> {
  const { rows } = await q.query<FileRow>('SELECT * FROM files WHERE id = $1', [id]);
  return rows[0];
}

/** The file metadata without its bytes. */
export async function getFileMetaById(q: Queryable, id: string): Promise<Omit<FileRow, 'data'> | undefined> {
  const { rows } = await q.query<Omit<FileRow, 'data'>>(
    'SELECT id, hash, created_at, created_by, mimetype FROM files WHERE id = $1',
    [id],
  );
  return rows[0];
}

/** Inserts the file unless the uploader already has identical content; returns the row in effect. */
export async function insertFileOnce(
  q: Queryable,
  p: { id: string; hash: string; createdBy: string; mimetype: string; data: Buffer; now: Date },
): Promise<{ id: string; created: boolean }> {
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO files (id, hash, created_at, created_by, mimetype, data) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (hash, created_by) DO NOTHING RETURNING id`,
    [p.id, p.hash, p.now, p.createdBy, p.mimetype, p.data],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const { rows } = await q.query<{ id: string }>('SELECT id FROM files WHERE hash = $1 AND created_by = $2', [p.hash, p.createdBy]);
  return { id: rows[0]!.id, created: false };
}

/** Whether a file is the source of a template version of `organizationId` (readers of that template may fetch it). */
export async function fileOrganizations(q: Queryable, fileId: string): Promise<string[]> {
  const { rows } = await q.query<{ organization_id: string }>(
    `SELECT DISTINCT organization_id FROM provisioner_jobs WHERE file_id = $1 AND type = 'template_version_import'`,
    [fileId],
  );
  return rows.map((r) => r.organization_id);
}
