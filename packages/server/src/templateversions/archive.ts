/**
 * Archiving template versions, as Coder does: an archived version is hidden from the version list
 * (unless asked for) and cannot be promoted or built from; a version in use cannot be archived.
 */
import type { ArchiveTemplateVersionsResponse } from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { archiveUnusedTemplateVersions, unarchiveTemplateVersion } from '../db/queries/template-versions';
import { badRequest } from '../http/errors';
import { resolveTemplate } from '../templates/service';
import { resolveVersion } from './service';

/** Archives (or unarchives) one version; answers Coder's sentence. */
export async function setVersionArchived(ctx: ServerContext, actor: Actor, ref: string, archive: boolean): Promise<string> {
  const version = await resolveVersion(ctx, actor, ref, 'update');
  const verb = archive ? 'archived' : 'unarchived';
  if (version.archived === archive) throw badRequest(`Template version already ${verb}`);
  if (!version.template_id) throw badRequest('Cannot archive template versions not associate with a template.');
  if (archive) {
    const archived = await archiveUnusedTemplateVersions(ctx.db, { templateId: version.template_id, versionId: version.id, failedOnly: false, now: ctx.clock() });
    if (archived.length === 0) {
      throw badRequest('Unable to archive specified version, the version is likely in use by a workspace or currently set to the active version');
    }
  } else {
    await unarchiveTemplateVersion(ctx.db, version.id, ctx.clock());
  }
  return `template version "${version.id}" ${verb}`;
}

/** Archives every unused version of a template: failed imports only, or with `all` every unused one. */
export async function archiveUnusedVersions(ctx: ServerContext, actor: Actor, templateRef: string, all: boolean): Promise<ArchiveTemplateVersionsResponse> {
  const template = await resolveTemplate(ctx, actor, templateRef);
  authorize(actor, 'update', { type: 'template', organizationId: template.organization_id });
  const ids = await archiveUnusedTemplateVersions(ctx.db, { templateId: template.id, failedOnly: !all, now: ctx.clock() });
  return { template_id: template.id, archived_ids: ids };
}
