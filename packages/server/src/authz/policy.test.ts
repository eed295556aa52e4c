import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors';
import { authorize, can, type Actor } from './policy';

const ORG = '00000000-0000-0000-0000-00000000000a';
const OTHER_ORG = '00000000-0000-0000-0000-00000000000b';
const actor = (siteRoles: string[], orgRoles: Record<string, string[]> = { [ORG]: [] }, scope: Actor['scope'] = 'all'): Actor => ({
  userId: 'me',
  siteRoles,
  organizationRoles: new Map(Object.entries(orgRoles)),
  scope,
  apiKeyId: 'k',
});

describe('policy', () => {
  it('lets members reach only their own user, keys and workspaces', () => {
    const m = actor([]);
    expect(can(m, 'read', { type: 'user', ownerId: 'me' })).toBe(true);
    expect(can(m, 'read', { type: 'user', ownerId: 'them' })).toBe(false);
    expect(can(m, 'delete', { type: 'api_key', ownerId: 'me' })).toBe(true);
    expect(can(m, 'read', { type: 'api_key', ownerId: 'them' })).toBe(false);
    expect(can(m, 'create', { type: 'user' })).toBe(false);
    expect(can(m, 'read', { type: 'template', organizationId: ORG })).toBe(true);
    expect(can(m, 'read', { type: 'template', organizationId: OTHER_ORG })).toBe(false);
    expect(can(m, 'update', { type: 'template', organizationId: ORG })).toBe(false);
  });

  it('gives owners everything and admins their areas', () => {
    expect(can(actor(['owner'], {}), 'delete', { type: 'workspace', ownerId: 'x' })).toBe(true);
    const ta = actor(['template-admin']);
    expect(can(ta, 'update', { type: 'template', organizationId: OTHER_ORG })).toBe(true);
    expect(can(ta, 'read', { type: 'workspace', ownerId: 'x' })).toBe(true);
    expect(can(ta, 'update', { type: 'workspace', ownerId: 'x' })).toBe(false);
    const ua = actor(['user-admin']);
    expect(can(ua, 'create', { type: 'user' })).toBe(true);
    expect(can(ua, 'read', { type: 'api_key', ownerId: 'x' })).toBe(false);
    expect(can(actor([], { [ORG]: ['organization-admin'] }), 'update', { type: 'template', organizationId: ORG })).toBe(true);
  });

  it('limits application_connect keys to reading', () => {
    const app = actor(['owner'], {}, 'application_connect');
    expect(can(app, 'read', { type: 'user', ownerId: 'me' })).toBe(true);
    expect(can(app, 'create', { type: 'api_key', ownerId: 'me' })).toBe(false);
  });

  it('answers 404 for what cannot be read and 403 for what can be read but not changed', () => {
    const m = actor([]);
    const code = (fn: () => void) => {
      try {
        fn();
        return 'ok';
      } catch (err) {
        return (err as ApiError).code;
      }
    };
    expect(code(() => authorize(m, 'read', { type: 'user', ownerId: 'them' }))).toBe('not_found');
    expect(code(() => authorize(m, 'update', { type: 'template', organizationId: ORG }))).toBe('forbidden');
    expect(code(() => authorize(m, 'update', { type: 'template', organizationId: OTHER_ORG }))).toBe('not_found');
    expect(code(() => authorize(m, 'read', { type: 'user', ownerId: 'me' }))).toBe('ok');
  });
});
