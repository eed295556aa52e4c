import { randomBytes, randomUUID } from 'node:crypto';
import {
  BUILT_IN_PROVISIONER_KEY_ID,
  PSK_PROVISIONER_KEY_ID,
  RESERVED_PROVISIONER_KEY_NAMES,
  USER_AUTH_PROVISIONER_KEY_ID,
  type ProvisionerKeyDaemons,
  type CreateProvisionerKeyRequest,
  type CreateProvisionerKeyResponse,
  type ProvisionerKey,
} from '@warren/sdk';
import { authorize, type Actor } from '../authz/policy';
import { hashSecret } from '../auth/api-key-secret';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { channels, publish } from '../db/pubsub';
import type { OrganizationRow } from '../db/queries/organizations';
import * as keys from '../db/queries/provisioner-keys';
import { ApiError, conflict, notFound, validationFailed } from '../http/errors';
import { iso } from '../users/convert';
import { tagProblem } from '../jobs/tags';
import { listProvisionerDaemons } from '../db/queries/provisioner-daemons';
import { toProvisionerDaemon } from './daemons';

export function toProvisionerKey(row: keys.ProvisionerKeyRow): ProvisionerKey {
  return { id: row.id, created_at: iso(row.created_at), organization: row.organization_id, name: row.name, tags: row.tags };
}

/** Creates a key of the organization; the secret (43 characters) is answered once and stored hashed. */
export async function createProvisionerKey(
  ctx: ServerContext,
  actor: Actor,
  org: OrganizationRow,
  req: CreateProvisionerKeyRequest,
): Promise<CreateProvisionerKeyResponse> {
  authorize(actor, 'create', { type: 'provisioner_key', organizationId: org.id });
  if (RESERVED_PROVISIONER_KEY_NAMES.includes(req.name.toLowerCase())) {
    throw validationFailed([{ field: 'name', detail: `"${req.name}" is reserved; choose another name.` }], `Key name "${req.name}" is reserved.`);
  }
  const tags = req.tags ?? {};
  const problem = tagProblem(tags);
  if (problem) throw validationFailed([{ field: 'tags', detail: problem }], 'Invalid provisioner tags.');
  const secret = randomBytes(32).toString('base64url');
  await keys
    .insertProvisionerKey(ctx.db, { id: randomUUID(), organizationId: org.id, name: req.name, hashedSecret: hashSecret(secret), tags, now: ctx.clock() })
    .catch((err: unknown) => {
      if (pgErrorCode(err) === UNIQUE_VIOLATION) throw conflict(`A provisioner key named "${req.name}" already exists in this organization.`);
      throw err;
    });
  return { key: secret };
}

export async function listProvisionerKeys(ctx: ServerContext, actor: Actor, org: OrganizationRow): Promise<ProvisionerKey[]> {
  authorize(actor, 'read', { type: 'provisioner_key', organizationId: org.id });
  return (await keys.listProvisionerKeys(ctx.db, org.id)).map(toProvisionerKey);
}

/** Deletes a key: daemons connected with it are disconnected and may not reconnect. */
export async function deleteProvisionerKey(ctx: ServerContext, actor: Actor, org: OrganizationRow, name: string): Promise<void> {
  authorize(actor, 'delete', { type: 'provisioner_key', organizationId: org.id });
  if (RESERVED_PROVISIONER_KEY_NAMES.includes(name.toLowerCase())) {
    throw new ApiError('bad_request', `Key "${name}" is built in and cannot be deleted.`);
  }
  await ctx.db.tx(async (q) => {
    const row = await keys.getProvisionerKeyByName(q, org.id, name);
    if (!row) throw notFound(`No provisioner key named "${name}" in this organization.`);
    await keys.deleteProvisionerKey(q, row.id);
    await publish(q, channels.provisionerKeyDeleted, row.id);
  });
}

/** The key whose secret is `secret`, or 401 with a sentence. */
export async function authenticateProvisionerKey(ctx: ServerContext, secret: string): Promise<keys.ProvisionerKeyRow> {
  const row = secret.length === 43 ? await keys.getProvisionerKeyByHashedSecret(ctx.db, hashSecret(secret)) : undefined;
  if (!row) {
    throw new ApiError('unauthorized', 'The provisioner key is invalid.', 'It does not exist or was deleted; create a new one with "warren provisioner keys create".');
  }
  return row;
}

/** The keys daemons authenticate without a provisioner key of their own, as Coder lists them. */
const RESERVED_KEYS: Array<[string, string]> = [
  [BUILT_IN_PROVISIONER_KEY_ID, 'built-in'],
  [USER_AUTH_PROVISIONER_KEY_ID, 'user-auth'],
  [PSK_PROVISIONER_KEY_ID, 'psk'],
];

/** Every key of the organization (the reserved ones first) with the daemons that connected with it. */
export async function listKeyDaemons(ctx: ServerContext, actor: Actor, org: OrganizationRow): Promise<ProvisionerKeyDaemons[]> {
  authorize(actor, 'read', { type: 'provisioner_key', organizationId: org.id });
  const now = ctx.clock();
  const daemons = (await listProvisionerDaemons(ctx.db, org.id)).map((r) => toProvisionerDaemon(r, now));
  const all: ProvisionerKey[] = [
    ...RESERVED_KEYS.map(([id, name]) => ({ id, created_at: iso(org.created_at), organization: org.id, name, tags: {} })),
    ...(await keys.listProvisionerKeys(ctx.db, org.id)).map(toProvisionerKey),
  ];
  return all.map((key) => ({ key, daemons: daemons.filter((d) => d.key_id === key.id) }));
}
