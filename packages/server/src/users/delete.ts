import type { Response } from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { deleteApiKeysByUserId } from '../db/queries/api-keys';
import { deleteUserLinks } from '../db/queries/user-links';
import { markUserDeleted, userHasWorkspaces } from '../db/queries/users';
import { ApiError } from '../http/errors';
import { resolveUser } from './service';

/**
 * `DELETE /users/{user}`, as Coder does it: never oneself, never a user who still has workspaces;
 * the user is marked deleted (the name and email become free again) and every session and token
 * of theirs stops working at once.
 */
export async function deleteUser(ctx: ServerContext, actor: Actor, ref: string): Promise<Response> {
  const user = await resolveUser(ctx, actor, ref);
  authorize(actor, 'delete', { type: 'user' });
  if (user.id === actor.userId) throw new ApiError('forbidden', 'You cannot delete yourself!');
  await ctx.db.tx(async (q) => {
    if (await userHasWorkspaces(q, user.id)) {
      throw new ApiError('expectation_failed', 'You cannot delete a user that has workspaces. Delete their workspaces and try again!');
    }
    await markUserDeleted(q, user.id, ctx.clock());
    await deleteApiKeysByUserId(q, user.id);
    await deleteUserLinks(q, user.id);
  });
  return { message: 'User has been deleted!' };
}
