import type { ResolveAutostartResponse } from '@warren/sdk';
import { authorize } from '../authz/policy';
import type { Actor } from '../authz/policy';
import { resolveBuildParameters } from '../builds/parameters';
import type { ServerContext } from '../context';
import { getTemplateById } from '../db/queries/templates';
import { listTemplateVersionParameters } from '../db/queries/template-versions';
import { getLatestWorkspaceBuild, listWorkspaceBuildParameters } from '../db/queries/workspace-builds';
import { bumpWorkspaceLastUsed } from '../db/queries/workspace-agents';
import { setWorkspaceFavorite } from '../db/queries/workspaces';
import { ApiError, badRequest, notFound } from '../http/errors';
import { resolveWorkspace } from './service';

/** Marks a workspace as one of its owner's favourites, or not; only the owner may (as in Coder). */
export async function setFavorite(ctx: ServerContext, actor: Actor, ref: string, favorite: boolean): Promise<void> {
  const workspace = await resolveWorkspace(ctx, actor, ref);
  if (workspace.owner_id !== actor.userId) throw badRequest('You can only favorite workspaces that you own.');
  await setWorkspaceFavorite(ctx.db, workspace.id, favorite);
}

/**
 * Whether an automatic start would fail on parameters: the workspace must move to the template's
 * active version (automatic updates, or a template requiring it) and that version needs values the
 * last build cannot supply.
 */
export async function resolveAutostart(ctx: ServerContext, actor: Actor, ref: string): Promise<ResolveAutostartResponse> {
  const workspace = await resolveWorkspace(ctx, actor, ref);
  const template = await getTemplateById(ctx.db, workspace.template_id, true);
  if (!template) throw notFound();
  if (workspace.automatic_updates !== 'always' && !template.require_active_version) return { parameter_mismatch: false };
  const latest = await getLatestWorkspaceBuild(ctx.db, workspace.id);
  if (!latest || latest.template_version_id === template.active_version_id) return { parameter_mismatch: false };
  try {
    resolveBuildParameters({
      parameters: await listTemplateVersionParameters(ctx.db, template.active_version_id),
      previous: await listWorkspaceBuildParameters(ctx.db, latest.id),
      supplied: [],
      transition: 'start',
    });
    return { parameter_mismatch: false };
  } catch (err) {
    if (err instanceof ApiError) return { parameter_mismatch: true };
    throw err;
  }
}

/** Marks the workspace used now (the dashboard reports an open terminal or app); only those who may use it. */
export async function reportUsage(ctx: ServerContext, actor: Actor, ref: string): Promise<void> {
  const workspace = await resolveWorkspace(ctx, actor, ref);
  authorize(actor, 'update', { type: 'workspace', ownerId: workspace.owner_id, organizationId: workspace.organization_id });
  await bumpWorkspaceLastUsed(ctx.db, workspace.id, ctx.clock());
}
