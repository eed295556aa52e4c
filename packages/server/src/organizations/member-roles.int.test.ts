// Organization member roles: who may assign which, and that an assigned role takes effect.
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, MEMBER, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
let owner: Client;
let member: Client;
let orgId: string;

const mayEditTemplates = async (c: Client) =>
  (await c.authCheck({ checks: { t: { object: { resource_type: 'template', organization_id: orgId }, action: 'update' } } })).t;

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  member = await withMember(server, owner);
});
afterAll(() => server?.close());

describe('organization member roles', () => {
  it('lets an owner hand out organization roles, which then take effect', async () => {
    expect((await owner.organizationRoles(orgId)).filter((r) => r.assignable).map((r) => r.name).sort()).toEqual([
      'organization-admin', 'organization-auditor', 'organization-template-admin', 'organization-user-admin',
    ]);
    expect(await mayEditTemplates(member)).toBe(false);
    const updated = await owner.updateOrganizationMemberRoles(orgId, MEMBER.username, ['organization-template-admin', 'organization-member']);
    expect(updated).toMatchObject({ organization_id: orgId, roles: [{ name: 'organization-template-admin', display_name: 'Organization Template Admin', organization_id: orgId }] });
    expect(await mayEditTemplates(member)).toBe(true);
    const listed = (await owner.organizationMembers(orgId)).find((m) => m.username === MEMBER.username)!;
    expect(listed.roles.map((r) => r.name)).toEqual(['organization-template-admin']);
    await owner.updateOrganizationMemberRoles(orgId, MEMBER.username, []);
    expect(await mayEditTemplates(member)).toBe(false);
  });

  it("refuses one's own roles, unknown roles, and members who may not assign", async () => {
    const self = await apiErrorOf(owner.updateOrganizationMemberRoles(orgId, 'me', []));
    expect([self.status, self.response.message]).toEqual([400, 'You cannot change your own organization roles.']);
    const unknown = await apiErrorOf(owner.updateOrganizationMemberRoles(orgId, MEMBER.username, ['organization-emperor']));
    expect([unknown.status, unknown.response.message]).toEqual([400, 'Cannot assign role "organization-emperor".']);
    expect((await member.organizationRoles(orgId)).some((r) => r.assignable)).toBe(false);
    expect((await apiErrorOf(member.updateOrganizationMemberRoles(orgId, 'owner', ['organization-admin']))).status).toBe(404);
    expect((await apiErrorOf(owner.updateOrganizationMemberRoles('no-such-org', MEMBER.username, []))).status).toBe(404);
  });
});
