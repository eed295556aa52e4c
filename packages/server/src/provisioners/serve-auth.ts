import { timingSafeEqual, createHash } from 'node:crypto';
import {
  PROVISIONER_DAEMON_KEY_HEADER,
  PROVISIONER_DAEMON_PSK_HEADER,
  PSK_PROVISIONER_KEY_ID,
  USER_AUTH_PROVISIONER_KEY_ID,
} from '@warren/sdk';
import type { FastifyRequest } from 'fastify';
import { authenticateToken, tokenFromRequest } from '../auth/authenticate';
import { can } from '../authz/policy';
import type { ServerContext } from '../context';
import * as orgs from '../db/queries/organizations';
import { ApiError, badRequest, notFound } from '../http/errors';
import { isUuid } from '../http/validate';
import { mutateTags, tagProblem, type TagSet } from '../jobs/tags';
import { authenticateProvisionerKey } from './keys';

/** Who a connecting daemon is and what it may serve. */
export interface ServeIdentity {
  organizationId: string;
  name: string;
  provisioners: Array<'terraform' | 'echo'>;
  /** Normalised tags (scope and owner set). */
  tags: TagSet;
  /** The user a user-scoped daemon serves. */
  userId: string | null;
  keyId: string;
  version: string;
  apiVersion: string;
  /** How it authenticated, for logs. */
  auth: 'key' | 'psk' | 'session';
}

type Query = Record<string, string | string[] | undefined>;

function many(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function parseTagParams(values: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq <= 0) {
      throw badRequest('Invalid provisioner tag.', `Tag "${raw}" must have the form key=value.`, [{ field: 'tag', detail: 'Must be key=value.' }]);
    }
    tags[raw.slice(0, eq)] = raw.slice(eq + 1);
  }
  const problem = tagProblem(tags);
  if (problem) throw badRequest('Invalid provisioner tag.', problem, [{ field: 'tag', detail: problem }]);
  return tags;
}

function pskMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function findOrganization(ctx: ServerContext, ref: string): Promise<orgs.OrganizationRow | undefined> {
  if (isUuid(ref)) return orgs.getOrganizationById(ctx.db, ref.toLowerCase());
  return (await orgs.getOrganizationByName(ctx.db, ref)) ?? (ref === 'default' ? await orgs.getDefaultOrganization(ctx.db) : undefined);
}

/**
 * Decides whether a daemon may serve the organization in the path, with Coder's rules: a
 * provisioner key brings its own organization and tags (the daemon may not add any); a pre-shared
 * key serves the organization with the tags asked for; a session serves user-scoped jobs of that
 * user, or, for owners and template admins, the organization.
 */
export async function authorizeServe(ctx: ServerContext, req: FastifyRequest, orgRef: string): Promise<ServeIdentity> {
  const query = (req.query ?? {}) as Query;
  const key = header(req, PROVISIONER_DAEMON_KEY_HEADER);
  const psk = header(req, PROVISIONER_DAEMON_PSK_HEADER);
  const token = tokenFromRequest(req);
  if (key && token) {
    throw badRequest('Use either a provisioner key or a session token, not both.', 'Remove the session token (or the key) and connect again.');
  }
  if (key && psk) throw badRequest('Use either a provisioner key or a pre-shared key, not both.');
  const provisioners = many(query.provisioner);
  for (const p of provisioners) {
    if (p !== 'terraform' && p !== 'echo') {
      throw badRequest(`Unknown provisioner type "${p}".`, undefined, [{ field: 'provisioner', detail: 'Must be terraform or echo.' }]);
    }
  }
  const requested = parseTagParams(many(query.tag));
  const base = {
    name: typeof query.name === 'string' && query.name ? query.name.slice(0, 64) : `daemon-${Math.random().toString(36).slice(2, 10)}`,
    provisioners: (provisioners.length ? provisioners : ['terraform']) as Array<'terraform' | 'echo'>,
    version: header(req, 'X-Coder-Build-Version') ?? '',
    apiVersion: typeof query.version === 'string' && query.version ? query.version : '1.4',
  };
  const org = await findOrganization(ctx, orgRef);

  if (key) {
    const row = await authenticateProvisionerKey(ctx, key);
    if (!org || org.id !== row.organization_id) {
      throw new ApiError('forbidden', 'This provisioner key belongs to another organization.', `Connect to the key's organization (${row.organization_id}) instead of "${orgRef}".`);
    }
    if (Object.keys(requested).length > 0) {
      throw badRequest(
        'Provisioner tags cannot be set when authenticating with a provisioner key.',
        'A provisioner key carries its own tags; remove --tag, or create a key with the tags you need.',
      );
    }
    return { ...base, organizationId: org.id, tags: mutateTags(null, row.tags), userId: null, keyId: row.id, auth: 'key' };
  }

  if (psk) {
    if (!ctx.provisionerDaemonPsk) {
      throw new ApiError('unauthorized', 'This server does not accept a pre-shared key.', 'Start the server with --provisioner-daemon-psk, or use a provisioner key.');
    }
    if (!pskMatches(psk, ctx.provisionerDaemonPsk)) {
      throw new ApiError('unauthorized', 'The provisioner daemon pre-shared key is invalid.', 'Use the key the server was started with (--provisioner-daemon-psk).');
    }
    if (!org) throw notFound(`Organization "${orgRef}" does not exist.`);
    return { ...base, organizationId: org.id, tags: mutateTags(null, requested), userId: null, keyId: PSK_PROVISIONER_KEY_ID, auth: 'psk' };
  }

  if (!token) {
    throw new ApiError('unauthorized', 'Provisioner daemons must authenticate.', 'Use a provisioner key (--key), a pre-shared key (--psk) or a session token (warren login).');
  }
  const actor = await authenticateToken(ctx, token);
  if (!org || !can(actor, 'read', { type: 'organization', organizationId: org.id })) throw notFound(`Organization "${orgRef}" does not exist.`);
  const tags = mutateTags(actor.userId, requested);
  if (tags.scope !== 'user' && !can(actor, 'create', { type: 'provisioner_daemon', organizationId: org.id })) {
    throw new ApiError(
      'forbidden',
      "You aren't allowed to create organization-scoped provisioner daemons.",
      'Only owners and template admins may; start a user-scoped daemon with --tag scope=user.',
    );
  }
  return { ...base, organizationId: org.id, tags, userId: tags.scope === 'user' ? actor.userId : null, keyId: USER_AUTH_PROVISIONER_KEY_ID, auth: 'session' };
}
