import type { UpdateUserPasswordRequest } from '@warren/sdk';
import { hashPassword, passwordWeakness, verifyPassword } from '../auth/passwords';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { deleteApiKeysByUserId } from '../db/queries/api-keys';
import { updateUserHashedPassword, type UserRow } from '../db/queries/users';
import { badRequest } from '../http/errors';

const oldPasswordError = (detail: string) => badRequest(detail, undefined, [{ field: 'old_password', detail }]);

/**
 * Coder's password change: only for password logins; users changing their own must give the current
 * one (an owner or user admin resetting someone else's need not); the new one must be strong and
 * differ from the old. Every session and token of the user ends with the change.
 */
export async function changePassword(ctx: ServerContext, actor: Actor, user: UserRow, req: UpdateUserPasswordRequest): Promise<void> {
  authorize(actor, 'update', { type: 'user', ownerId: user.id });
  if (user.login_type !== 'password' || !user.hashed_password) {
    throw badRequest('Users without password login type cannot change their password.');
  }
  const weakness = passwordWeakness(req.password);
  if (weakness) throw badRequest('Invalid password.', undefined, [{ field: 'password', detail: weakness }]);
  const oldPassword = req.old_password ?? '';
  if (oldPassword === '' && user.id === actor.userId) throw oldPasswordError('Old password is required.');
  if (oldPassword !== '' && !(await verifyPassword(oldPassword, user.hashed_password))) throw oldPasswordError('Old password is incorrect.');
  if (await verifyPassword(req.password, user.hashed_password)) {
    throw badRequest('New password cannot match old password.', undefined, [{ field: 'password', detail: 'New password cannot match old password.' }]);
  }
  const hashed = await hashPassword(req.password);
  await ctx.db.tx(async (q) => {
    await updateUserHashedPassword(q, user.id, hashed, ctx.clock());
    await deleteApiKeysByUserId(q, user.id);
  });
}
