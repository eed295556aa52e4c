import type { GitSSHKey } from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import * as keys from '../db/queries/gitsshkeys';
import { iso } from '../users/convert';
import { resolveUser } from '../users/service';
import { generateGitSshKey } from './keygen';

const present = (row: keys.GitSshKeyRow): GitSSHKey => ({
  user_id: row.user_id,
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
  public_key: row.public_key,
});

/** The user's key, generated on first use. */
async function ensureKey(ctx: ServerContext, userId: string): Promise<keys.GitSshKeyRow> {
  return (await keys.getGitSshKey(ctx.db, userId)) ?? keys.insertGitSshKeyIfMissing(ctx.db, userId, generateGitSshKey(), ctx.clock());
}

export async function getUserGitSshKey(ctx: ServerContext, actor: Actor, ref: string): Promise<GitSSHKey> {
  const user = await resolveUser(ctx, actor, ref);
  authorize(actor, 'read', { type: 'gitsshkey', ownerId: user.id });
  return present(await ensureKey(ctx, user.id));
}

export async function regenerateUserGitSshKey(ctx: ServerContext, actor: Actor, ref: string): Promise<GitSSHKey> {
  const user = await resolveUser(ctx, actor, ref);
  authorize(actor, 'update', { type: 'gitsshkey', ownerId: user.id });
  return present(await keys.upsertGitSshKey(ctx.db, user.id, generateGitSshKey(), ctx.clock()));
}

/** The key pair of a workspace's owner, for that workspace's own agent. */
export async function agentGitSshKey(ctx: ServerContext, ownerId: string): Promise<{ public_key: string; private_key: string }> {
  const row = await ensureKey(ctx, ownerId);
  return { public_key: row.public_key, private_key: row.private_key };
}
