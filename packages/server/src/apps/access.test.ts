import { describe, expect, it } from 'vitest';
import { canOpenApp, portShareLevelAllowed, type Actor, type Obj } from '../authz/policy';

const workspace: Obj = { type: 'workspace', ownerId: 'owner', organizationId: 'org' };
const actor = (userId: string, opts: Partial<Actor> = {}): Actor => ({ userId, siteRoles: [], organizationRoles: new Map(), scope: 'all', apiKeyId: 'k', ...opts });
const subdomain = { pathApp: false, allowPathAppSharing: false, allowPathAppSiteOwnerAccess: false };
const path = { ...subdomain, pathApp: true };

describe('who may open a workspace app', () => {
  it('follows the sharing level on subdomain apps', () => {
    expect(canOpenApp(undefined, 'public', workspace, subdomain)).toBe(true);
    expect(canOpenApp(undefined, 'authenticated', workspace, subdomain)).toBe(false);
    expect(canOpenApp(actor('other'), 'authenticated', workspace, subdomain)).toBe(true);
    expect(canOpenApp(actor('other'), 'organization', workspace, subdomain)).toBe(false);
    expect(canOpenApp(actor('other', { organizationRoles: new Map([['org', []]]) }), 'organization', workspace, subdomain)).toBe(true);
    expect(canOpenApp(actor('other'), 'owner', workspace, subdomain)).toBe(false);
    expect(canOpenApp(actor('owner', { scope: 'application_connect' }), 'owner', workspace, subdomain)).toBe(true);
    expect(canOpenApp(actor('admin', { siteRoles: ['owner'] }), 'owner', workspace, subdomain)).toBe(true);
  });

  it('keeps path apps to their owner unless the deployment allows more', () => {
    expect(canOpenApp(actor('other'), 'public', workspace, path)).toBe(false);
    expect(canOpenApp(undefined, 'public', workspace, path)).toBe(false);
    expect(canOpenApp(actor('owner'), 'public', workspace, path)).toBe(true);
    expect(canOpenApp(actor('admin', { siteRoles: ['owner'] }), 'owner', workspace, path)).toBe(false);
    expect(canOpenApp(actor('admin', { siteRoles: ['owner'] }), 'owner', workspace, { ...path, allowPathAppSiteOwnerAccess: true })).toBe(true);
    expect(canOpenApp(actor('other'), 'authenticated', workspace, { ...path, allowPathAppSharing: true })).toBe(true);
  });

  it('bounds port shares by the template maximum', () => {
    expect(portShareLevelAllowed('public', 'public')).toBe(true);
    expect(portShareLevelAllowed('public', 'authenticated')).toBe(false);
    expect(portShareLevelAllowed('organization', 'authenticated')).toBe(true);
    expect(portShareLevelAllowed('authenticated', 'owner')).toBe(false);
  });
});
