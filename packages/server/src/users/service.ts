import { randomUUID } from 'node:crypto';
import type { CreateFirstUserRequest, CreateUserRequest, User, UserRoles } from '@warren/sdk';
import { hashPassword, passwordWeakness } from '../auth/passwords';
import { assignableSiteRoles, authorize, can, type Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION, type Queryable } from '../db/database';
import {
  getDefaultOrganization,
  insertMember,
  insertOrganization,
  listMembershipsOfUsers,
} from '../db/queries/organizations';
import * as users from '../db/queries/users';
import { ApiError, badRequest, conflict, notFound, validationFailed } from '../http/errors';
import { isUuid } from '../http/validate';
import { toUser } from './convert';

async function withOrganizations(q: Queryable, rows: users.UserRow[]): Promise<User[]> {
  const memberships = await listMembershipsOfUsers(q, rows.map((r) => r.id));
  return rows.map((row) =>
    toUser(row, memberships.filter((m) => m.user_id === row.id).map((m) => m.organization_id)),
  );
}

export async function presentUser(q: Queryable, row: users.UserRow): Promise<User> {
  return (await withOrganizations(q, [row]))[0]!;
}

function checkPassword(password: string): void {
  const weakness = passwordWeakness(password);
  if (weakness) throw validationFailed([{ field: 'password', detail: weakness }], 'Password not strong enough!');
}

function duplicateUser(err: unknown): never {
  if (pgErrorCode(err) === UNIQUE_VIOLATION) {
    const detail = String((err as { constraint?: string }).constraint).includes('email')
      ? 'A user with this email already exists.'
      : 'A user with this username already exists.';
    throw conflict('User already exists.', detail);
  }
  throw err;
}

/** Inserts a user with a fresh id; a taken username or email answers 409. */
function insertNewUser(
  q: Queryable,
  req: { email: string; username: string; name?: string },
  rest: Omit<users.InsertUserParams, 'id' | 'email' | 'username' | 'name'>,
): Promise<users.UserRow> {
  return users
    .insertUser(q, { id: randomUUID(), email: req.email, username: req.username, name: req.name ?? '', ...rest })
    .catch(duplicateUser);
}

/** The default organization, created (as Coder's built-in one) when there is none yet. */
export async function ensureDefaultOrganization(q: Queryable, now: Date) {
  return (
    (await getDefaultOrganization(q)) ??
    (await insertOrganization(q, {
      id: randomUUID(),
      name: 'coder',
      displayName: 'Coder',
      description: 'Builtin default organization.',
      isDefault: true,
      now,
    }))
  );
}

/** A user who signed up through an identity provider: no password, a member of the default organization. */
export async function insertLinkedUser(
  q: Queryable,
  p: { email: string; username: string; name: string; loginType: 'oidc'; now: Date },
): Promise<users.UserRow> {
  const row = await insertNewUser(q, p, { hashedPassword: null, loginType: p.loginType, status: 'active', rbacRoles: [], now: p.now });
  const org = await ensureDefaultOrganization(q, p.now);
  await insertMember(q, { organizationId: org.id, userId: row.id, roles: [], now: p.now });
  return row;
}

export async function hasFirstUser(ctx: ServerContext): Promise<boolean> {
  return (await users.countUsers(ctx.db)) > 0;
}

/** Creates the owner and the default organization; refused once any user exists. */
export async function createFirstUser(ctx: ServerContext, req: CreateFirstUserRequest) {
  checkPassword(req.password);
  const hashed = await hashPassword(req.password);
  const now = ctx.clock();
  return ctx.db.tx(async (q) => {
    // Serialise concurrent first-user requests: exactly one wins.
    await q.query('LOCK TABLE users IN EXCLUSIVE MODE');
    if ((await users.countUsers(q)) > 0) throw conflict('The initial user has already been created.');
    const user = await insertNewUser(q, req, { hashedPassword: hashed, loginType: 'password', status: 'active', rbacRoles: ['owner'], now });
    const org = await ensureDefaultOrganization(q, now);
    await insertMember(q, { organizationId: org.id, userId: user.id, roles: ['organization-admin'], now });
    return { user_id: user.id, organization_id: org.id };
  });
}

export async function createUser(ctx: ServerContext, actor: Actor, req: CreateUserRequest): Promise<User> {
  authorize(actor, 'create', { type: 'user' });
  const loginType = req.login_type ?? (req.disable_login ? 'none' : 'password');
  if (loginType === 'password') {
    if (!req.password) throw validationFailed([{ field: 'password', detail: 'A password is required for login type "password".' }]);
    checkPassword(req.password);
  } else if (req.password) {
    throw badRequest(`Password cannot be set for login type "${loginType}".`, undefined, [
      { field: 'password', detail: 'Must be empty unless login_type is "password".' },
    ]);
  }
  const hashed = req.password ? await hashPassword(req.password) : null;
  const now = ctx.clock();
  return ctx.db.tx(async (q) => {
    let orgIds = req.organization_ids ?? (req.organization_id ? [req.organization_id] : []);
    if (orgIds.length === 0) {
      const def = await getDefaultOrganization(q);
      if (def) orgIds = [def.id];
    }
    for (const [i, orgId] of orgIds.entries()) {
      authorize(actor, 'create', { type: 'organization_member', organizationId: orgId });
      const exists = await q.query('SELECT 1 FROM organizations WHERE id = $1', [orgId]);
      if (exists.rowCount === 0) {
        throw validationFailed([{ field: `organization_ids.${i}`, detail: `Organization ${orgId} does not exist.` }]);
      }
    }
    const row = await insertNewUser(q, req, { hashedPassword: hashed, loginType, status: req.user_status ?? 'active', rbacRoles: [], now });
    for (const organizationId of orgIds) await insertMember(q, { organizationId, userId: row.id, roles: [], now });
    return presentUser(q, row);
  });
}

/** Finds a user by `me`, id or username, answering 404 for users the actor may not read. */
/** Coder's UserRoles: the user's site roles and, per organization, its member roles. */
export async function userRoles(ctx: ServerContext, actor: Actor, ref: string): Promise<UserRoles> {
  const user = await resolveUser(ctx, actor, ref);
  const memberships = await listMembershipsOfUsers(ctx.db, [user.id]);
  return { roles: user.rbac_roles, organization_roles: Object.fromEntries(memberships.map((m) => [m.organization_id, m.roles])) };
}

export async function resolveUser(ctx: ServerContext, actor: Actor, ref: string): Promise<users.UserRow> {
  const row =
    ref === 'me'
      ? await users.getUserById(ctx.db, actor.userId)
      : isUuid(ref)
        ? await users.getUserById(ctx.db, ref.toLowerCase())
        : await users.getUserByUsername(ctx.db, ref);
  if (!row) throw notFound();
  authorize(actor, 'read', { type: 'user', ownerId: row.id });
  return row;
}

const FILTER_KEYS = new Set(['status', 'role', 'created_after', 'created_before', 'last_seen_after', 'last_seen_before']);

/** Parses Coder's user search query: free text plus `key:value` terms. */
export function parseUserQuery(q: string): Omit<users.UserFilter, 'limit' | 'offset' | 'ids'> {
  const filter: Omit<users.UserFilter, 'limit' | 'offset' | 'ids'> = {};
  const words: string[] = [];
  for (const term of q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
    const sep = term.indexOf(':');
    if (sep < 0) {
      words.push(term.replaceAll('"', ''));
      continue;
    }
    const key = term.slice(0, sep).toLowerCase();
    const value = term.slice(sep + 1).replaceAll('"', '');
    if (!FILTER_KEYS.has(key)) throw badRequest('Invalid user search query.', undefined, [{ field: key, detail: `Query param "${key}" is not a valid query param.` }]);
    if (key === 'status' || key === 'role') {
      filter[key] = value.toLowerCase();
      continue;
    }
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw badRequest('Invalid user search query.', undefined, [{ field: key, detail: `"${value}" is not a valid RFC 3339 time.` }]);
    const prop = { created_after: 'createdAfter', created_before: 'createdBefore', last_seen_after: 'lastSeenAfter', last_seen_before: 'lastSeenBefore' } as const;
    filter[prop[key as keyof typeof prop]] = date;
  }
  if (words.length) filter.search = words.join(' ');
  return filter;
}

export async function listUsers(ctx: ServerContext, actor: Actor, q: string, limit: number, offset: number) {
  // Those who may read every user see all; everyone else sees only themselves.
  const ids = can(actor, 'read', { type: 'user' }) ? undefined : [actor.userId];
  const { rows, count } = await users.listUsers(ctx.db, { ...parseUserQuery(q), ids, limit, offset });
  return { users: await withOrganizations(ctx.db, rows), count };
}

export async function setUserStatus(ctx: ServerContext, actor: Actor, ref: string, status: 'active' | 'suspended'): Promise<User> {
  const row = await resolveUser(ctx, actor, ref);
  authorize(actor, 'update', { type: 'user' });
  if (row.id === actor.userId && status === 'suspended') throw badRequest('You cannot suspend yourself.');
  return presentUser(ctx.db, await users.updateUserStatus(ctx.db, row.id, status, ctx.clock()));
}

export async function setUserRoles(ctx: ServerContext, actor: Actor, ref: string, roles: string[]): Promise<User> {
  const row = await resolveUser(ctx, actor, ref);
  authorize(actor, 'update', { type: 'user' });
  const wanted = [...new Set(roles.filter((r) => r !== 'member'))];
  const allowed = assignableSiteRoles(actor);
  const changed = [...wanted.filter((r) => !row.rbac_roles.includes(r)), ...row.rbac_roles.filter((r) => !wanted.includes(r))];
  const refused = changed.filter((r) => !allowed.includes(r));
  if (refused.length) {
    const unknown = refused.filter((r) => !['owner', 'template-admin', 'user-admin', 'auditor'].includes(r));
    if (unknown.length) throw badRequest(`Unknown site role "${unknown[0]}".`, 'Site roles are owner, template-admin, user-admin, auditor and member.');
    throw new ApiError('forbidden', `You are not allowed to assign the role "${refused[0]}".`);
  }
  if (row.id === actor.userId && row.rbac_roles.includes('owner') && !wanted.includes('owner')) {
    throw badRequest('You cannot remove the owner role from yourself.');
  }
  return presentUser(ctx.db, await users.updateUserRoles(ctx.db, row.id, wanted, ctx.clock()));
}
