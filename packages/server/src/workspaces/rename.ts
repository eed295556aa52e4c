import type { UpdateWorkspaceRequest } from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { publishWorkspaceChange } from '../db/pubsub';
import { renameWorkspace } from '../db/queries/workspaces';
import { ApiError, badRequest } from '../http/errors';
import { resolveWorkspace } from './service';

/**
 * `PATCH /workspaces/{id}`: renames the workspace when the deployment allows it
 * (`--allow-workspace-renames`); the same or no name changes nothing. Answers are Coder's.
 */
export async function updateWorkspace(ctx: ServerContext, actor: Actor, ref: string, req: UpdateWorkspaceRequest): Promise<void> {
  const workspace = await resolveWorkspace(ctx, actor, ref);
  authorize(actor, 'update', { type: 'workspace', ownerId: workspace.owner_id, organizationId: workspace.organization_id });
  if (!req.name || req.name === workspace.name) return;
  if (!ctx.allowWorkspaceRenames) throw badRequest('Workspace renames are not allowed.');
  await ctx.db
    .tx(async (q) => {
      if (!(await renameWorkspace(q, workspace.id, req.name!, ctx.clock()))) {
        throw new ApiError('method_not_allowed', `Workspace "${workspace.name}" is deleted and cannot be updated.`);
      }
      await publishWorkspaceChange(q, workspace.id);
    })
    .catch((err: unknown) => {
      if (pgErrorCode(err) !== UNIQUE_VIOLATION) throw err;
      throw new ApiError('conflict', `Workspace "${req.name}" already exists.`, undefined, [
        { field: 'name', detail: 'This value is already in use and should be unique.' },
      ]);
    });
}
