import type { AuthorizationRequest, Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../jobs/daemon-api';
import { importTemplate, startDaemon } from '../jobs/daemon.testkit';

let server: TestServer;
let owner: Client;
let member: Client;
let templateAdmin: Client;
let memberId: string;
let orgId: string;
let templateId: string;
let daemon: ServerProvisionerDaemonApi;

async function login(username: string, password: string): Promise<Client> {
  return server.client((await server.client().login(username, password)).session_token);
}

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  orgId = o.organizationId;
  memberId = (await owner.createUser({ email: 'm@example.com', username: 'member', password: 'M3mber-has-a-long-pass' })).id;
  member = await login('member', 'M3mber-has-a-long-pass');
  const ta = await owner.createUser({ email: 't@example.com', username: 'tadmin', password: 'T3mplate-admin-long-pass' });
  await owner.updateUserRoles(ta.id, ['template-admin']);
  templateAdmin = await login('tadmin', 'T3mplate-admin-long-pass');
  daemon = await startDaemon(server.ctx, orgId);
  templateId = (await importTemplate(owner, daemon, orgId, 'base')).templateId;
});
afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

/** The checks Coder's dashboard makes at start-up, plus a few about specific objects. */
function checks(): AuthorizationRequest {
  return {
    checks: {
      viewAllUsers: { object: { resource_type: 'user' }, action: 'read' },
      updateUsers: { object: { resource_type: 'user' }, action: 'update' },
      createUser: { object: { resource_type: 'user' }, action: 'create' },
      readMyself: { object: { resource_type: 'user', owner_id: 'me' }, action: 'read_personal' },
      createTemplates: { object: { resource_type: 'template', any_org: true }, action: 'update' },
      updateThisTemplate: { object: { resource_type: 'template', resource_id: templateId }, action: 'update' },
      useThisTemplate: { object: { resource_type: 'template', resource_id: templateId }, action: 'use' },
      viewDeploymentConfig: { object: { resource_type: 'deployment_config' }, action: 'read' },
      viewDeploymentStats: { object: { resource_type: 'deployment_stats' }, action: 'read' },
      createMyWorkspace: { object: { resource_type: 'workspace', owner_id: 'me', organization_id: orgId }, action: 'create' },
      sshToMembersWorkspaces: { object: { resource_type: 'workspace', owner_id: memberId }, action: 'ssh' },
      assignRoles: { object: { resource_type: 'assign_role' }, action: 'assign' },
      viewAuditLog: { object: { resource_type: 'audit_log' }, action: 'read' },
      nonsenseAction: { object: { resource_type: 'workspace', owner_id: 'me' }, action: 'fly' },
      missingTemplate: { object: { resource_type: 'template', resource_id: '00000000-0000-0000-0000-0000000000aa' }, action: 'read' },
    },
  };
}

describe('POST /api/v2/authcheck', () => {
  it('answers the permission map through the policy for each role', async () => {
    expect(await owner.authCheck(checks())).toEqual({
      viewAllUsers: true,
      updateUsers: true,
      createUser: true,
      readMyself: true,
      createTemplates: true,
      updateThisTemplate: true,
      useThisTemplate: true,
      viewDeploymentConfig: true,
      viewDeploymentStats: true,
      createMyWorkspace: true,
      sshToMembersWorkspaces: true,
      assignRoles: true,
      viewAuditLog: false,
      nonsenseAction: false,
      missingTemplate: false,
    });
    expect(await member.authCheck(checks())).toEqual({
      viewAllUsers: false,
      updateUsers: false,
      createUser: false,
      readMyself: true,
      createTemplates: false,
      updateThisTemplate: false,
      useThisTemplate: true,
      viewDeploymentConfig: false,
      viewDeploymentStats: false,
      createMyWorkspace: true,
      sshToMembersWorkspaces: true,
      assignRoles: false,
      viewAuditLog: false,
      nonsenseAction: false,
      missingTemplate: false,
    });
    const ta = await templateAdmin.authCheck(checks());
    expect(ta).toMatchObject({ viewAllUsers: true, updateUsers: false, createTemplates: true, updateThisTemplate: true, sshToMembersWorkspaces: false });
  });

  it('refuses malformed requests with validations', async () => {
    const res = await member.raw('POST', '/api/v2/authcheck', { checks: { a: { object: { resource_type: '' }, action: 'read' } } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { validations: Array<{ field: string }> }).validations[0]!.field).toBe('checks.a.object.resource_type');
    expect((await server.client().raw('POST', '/api/v2/authcheck', checks())).status).toBe(401);
  });
});

describe('roles', () => {
  it('lists site roles with their permissions and which the caller may assign', async () => {
    const roles = await owner.siteRoles();
    expect(roles.map((r) => r.name)).toEqual(['owner', 'template-admin', 'user-admin', 'auditor', 'member']);
    const byName = Object.fromEntries(roles.map((r) => [r.name, r]));
    expect(byName.owner).toMatchObject({ display_name: 'Owner', assignable: true, built_in: true, site_permissions: [{ negate: false, resource_type: '*', action: '*' }] });
    expect(byName.member!.assignable).toBe(false);
    expect(byName.member!.user_permissions).toContainEqual({ negate: false, resource_type: 'workspace', action: 'update' });
    expect((await member.siteRoles()).every((r) => !r.assignable)).toBe(true);
  });

  it('lists organization roles to members of the organization', async () => {
    const roles = await member.organizationRoles('default');
    expect(roles.map((r) => r.name)).toContain('organization-admin');
    expect(roles.map((r) => r.name)).not.toContain('organization-member');
    expect(roles.every((r) => r.organization_id === orgId && !r.assignable)).toBe(true);
    expect(roles.find((r) => r.name === 'organization-admin')!.organization_permissions).toEqual([{ negate: false, resource_type: '*', action: '*' }]);
    expect((await member.raw('GET', '/api/v2/organizations/00000000-0000-0000-0000-0000000000aa/members/roles')).status).toBe(404);
  });
});
