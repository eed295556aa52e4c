import { createHash, randomUUID } from 'node:crypto';
import { validateTemplateArchive } from '@warren/node-kit/archive/index';
import { FILE_CONTENT_TYPE_TAR } from '@warren/sdk';
import { authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { fileOrganizations, getFileById, insertFileOnce, type FileRow } from '../db/queries/files';
import { badRequest, notFound } from '../http/errors';

/** Reads the `Content-Type` header's media type without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Stores an uploaded template source. The bytes must be a tar archive that a provisioner could
 * safely unpack. Identical content uploaded again by the same user answers the existing id.
 */
export async function uploadFile(
  ctx: ServerContext,
  actor: Actor,
  contentType: string,
  data: Buffer,
): Promise<{ id: string; created: boolean }> {
  authorize(actor, 'create', { type: 'file', ownerId: actor.userId });
  if (contentType !== FILE_CONTENT_TYPE_TAR) {
    throw badRequest(`Unsupported content type header "${contentType}".`, `Upload template sources as "${FILE_CONTENT_TYPE_TAR}".`);
  }
  if (data.length === 0) throw badRequest('The uploaded file is empty.', 'Upload a tar archive of the template source.');
  try {
    await validateTemplateArchive(data);
  } catch (err) {
    throw badRequest('The uploaded file is not a valid template archive.', (err as Error).message);
  }
  const hash = createHash('sha256').update(data).digest('hex');
  return insertFileOnce(ctx.db, { id: randomUUID(), hash, createdBy: actor.userId, mimetype: contentType, data, now: ctx.clock() });
}

/** A file the actor may read: their own, or a template source of an organization they administer templates in. */
export async function readFile(ctx: ServerContext, actor: Actor, id: string): Promise<FileRow> {
  const file = await getFileById(ctx.db, id);
  if (!file) throw notFound();
  if (can(actor, 'read', { type: 'file', ownerId: file.created_by })) return file;
  for (const organizationId of await fileOrganizations(ctx.db, id)) {
    if (can(actor, 'read', { type: 'file', ownerId: file.created_by, organizationId })) return file;
  }
  throw notFound();
}
