/** User administration straight on the database: resetting a password, creating an owner. */
import { randomUUID } from 'node:crypto';
import { createUserRequest } from '@warren/sdk';
import { hashPassword, passwordWeakness } from '../auth/passwords';
import type { Database } from '../db/database';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { insertGitSshKeyIfMissing } from '../db/queries/gitsshkeys';
import { insertMember, listOrganizations } from '../db/queries/organizations';
import { getUserByUsername, insertUser, updateUserHashedPassword } from '../db/queries/users';
import { generateGitSshKey } from '../gitsshkeys/keygen';
import { ensureDefaultOrganization } from '../users/service';

/** Checks a new password against the server's rule; answers a sentence or undefined. */
export function checkNewPassword(password: string): string | undefined {
  return passwordWeakness(password);
}

/** Checks a username and email as the API does; answers a sentence or undefined. */
export function checkNewUser(fields: { username?: string; email?: string }): string | undefined {
  const parsed = createUserRequest.safeParse({ username: fields.username ?? 'username', email: fields.email ?? 'email@example.com' });
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') === 'email' ? 'Email' : 'Username'}: ${issue.message}`;
}

export async function resetUserPassword(db: Database, username: string, password: string, now = new Date()): Promise<{ username: string }> {
  const weakness = passwordWeakness(password);
  if (weakness) throw new Error(weakness);
  const user = await getUserByUsername(db, username);
  if (!user) throw new Error(`There is no user named "${username}".`);
  const hashed = await hashPassword(password);
  await updateUserHashedPassword(db, user.id, hashed, now);
  return { username: user.username };
}

export interface CreatedAdmin {
  id: string;
  username: string;
  email: string;
  organizations: Array<{ id: string; name: string }>;
}

/**
 * Creates an owner with a password, a Git SSH key and the organization-admin role in every
 * organization (creating the default organization on an empty deployment). `progress` receives
 * Coder's progress lines.
 */
export async function createAdminUser(
  db: Database,
  req: { username: string; email: string; password: string },
  progress: (line: string) => void = () => undefined,
  now = new Date(),
): Promise<CreatedAdmin> {
  const invalid = checkNewUser(req) ?? passwordWeakness(req.password);
  if (invalid) throw new Error(invalid);
  const hashed = await hashPassword(req.password);
  return db.tx(async (q) => {
    await ensureDefaultOrganization(q, now);
    const orgs = (await listOrganizations(q)).sort((a, b) => a.name.localeCompare(b.name));
    progress('Creating user...');
    const user = await insertUser(q, {
      id: randomUUID(),
      email: req.email,
      username: req.username,
      name: 'Admin User',
      hashedPassword: hashed,
      loginType: 'password',
      status: 'active',
      rbacRoles: ['owner'],
      now,
    }).catch((err: unknown) => {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) throw new Error(`A user with this ${String((err as { constraint?: string }).constraint).includes('email') ? 'email' : 'username'} already exists.`);
      throw err;
    });
    progress('Generating user SSH key...');
    await insertGitSshKeyIfMissing(q, user.id, generateGitSshKey(), now);
    for (const org of orgs) {
      progress(`Adding user to organization "${org.name}" (${org.id}) as admin...`);
      await insertMember(q, { organizationId: org.id, userId: user.id, roles: ['organization-admin'], now });
    }
    return { id: user.id, username: user.username, email: user.email, organizations: orgs.map((o) => ({ id: o.id, name: o.name })) };
  });
}
