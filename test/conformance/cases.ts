/**
 * One request per served route, sent the way Coder's API client sends it (axios from Node: bodiless
 * mutations carry `Content-Type: application/x-www-form-urlencoded` and an empty body), and the
 * fields Coder's clients read from the answer. Routes that only speak WebSocket or event streams
 * name the test that drives them end to end instead.
 */
import type { ZodType } from 'zod';
import { z } from 'zod';
import type { Fixture } from '../support/api-fixture';
import * as S from './coder-shapes';

export type { Fixture } from '../support/api-fixture';

export type Caller = 'owner' | 'member' | 'anonymous' | 'agent' | 'provisioner' | 'throwaway';

export interface Case {
  /** The route as served, `{}` for each parameter: `GET /api/v2/users/{}`. */
  route: string;
  as?: Caller;
  path: (f: Fixture) => string;
  /** JSON body; absent means no body at all (axios then sends the form content type). */
  body?: (f: Fixture) => unknown;
  /** For bodies that are not JSON. */
  contentType?: string;
  status: number;
  shape?: ZodType;
  /** Reads what later cases need from the answer. */
  keep?: (f: Fixture, data: unknown) => void;
}

export interface Elsewhere {
  route: string;
  /** The test file (from the repository root) that drives this route end to end. */
  test: string;
}

const list = z.array;

export const CASES: Case[] = [
  // Build info, deployment and the things Coder's dashboard reads at boot.
  { route: 'GET /api/v2', as: 'anonymous', path: () => '/api/v2', status: 200, shape: S.Response },
  { route: 'GET /healthz', as: 'anonymous', path: () => '/healthz', status: 200 },
  { route: 'GET /api/v2/buildinfo', as: 'anonymous', path: () => '/api/v2/buildinfo', status: 200, shape: S.BuildInfoResponse },
  { route: 'GET /api/v2/entitlements', path: () => '/api/v2/entitlements', status: 200, shape: S.Entitlements },
  { route: 'GET /api/v2/appearance', as: 'anonymous', path: () => '/api/v2/appearance', status: 200, shape: S.AppearanceConfig },
  { route: 'GET /api/v2/experiments', path: () => '/api/v2/experiments', status: 200, shape: list(z.string()) },
  { route: 'GET /api/v2/experiments/available', path: () => '/api/v2/experiments/available', status: 200, shape: S.AvailableExperiments },
  { route: 'GET /api/v2/updatecheck', as: 'anonymous', path: () => '/api/v2/updatecheck', status: 200, shape: S.UpdateCheckResponse },
  { route: 'GET /api/v2/deployment/config', path: () => '/api/v2/deployment/config', status: 200, shape: S.DeploymentConfig },
  { route: 'GET /api/v2/deployment/ssh', path: () => '/api/v2/deployment/ssh', status: 200, shape: S.DeploymentSSHConfig },
  { route: 'GET /api/v2/deployment/stats', path: () => '/api/v2/deployment/stats', status: 200, shape: S.DeploymentStats },
  { route: 'GET /api/v2/regions', path: () => '/api/v2/regions', status: 200, shape: S.RegionsResponse },
  { route: 'GET /api/v2/applications/host', path: () => '/api/v2/applications/host', status: 200, shape: S.AppHostResponse },
  { route: 'GET /api/v2/notifications/templates/system', path: () => '/api/v2/notifications/templates/system', status: 200, shape: list(z.unknown()) },
  { route: 'GET /api/v2/notifications/dispatch-methods', path: () => '/api/v2/notifications/dispatch-methods', status: 200, shape: S.NotificationMethodsResponse },
  { route: 'GET /api/v2/external-auth', path: () => '/api/v2/external-auth', status: 200, shape: S.ExternalAuthLinkProvider },
  { route: 'GET /api/v2/external-auth/{}', path: () => '/api/v2/external-auth/github', status: 200, shape: S.ExternalAuth },
  { route: 'DELETE /api/v2/external-auth/{}', path: () => '/api/v2/external-auth/github', status: 404 },
  { route: 'GET /api/v2/external-auth/{}/device', path: () => '/api/v2/external-auth/github/device', status: 400 },
  { route: 'POST /api/v2/external-auth/{}/device', path: () => '/api/v2/external-auth/github/device', body: () => ({ device_code: 'x' }), status: 400 },
  { route: 'GET /api/v2/insights/daus', path: () => '/api/v2/insights/daus?tz_offset=0', status: 200, shape: S.DAUsResponse },
  { route: 'POST /api/v2/authcheck', path: () => '/api/v2/authcheck', body: () => ({ checks: { readAll: { object: { resource_type: 'workspace' }, action: 'read' } } }), status: 200, shape: S.AuthorizationResponse },
  { route: 'GET /api/v2/debug/health', path: () => '/api/v2/debug/health?force=true', status: 200, shape: S.HealthcheckReport },
  { route: 'PUT /api/v2/debug/health/settings', path: () => '/api/v2/debug/health/settings', body: () => ({ dismissed_healthchecks: ['DERP'] }), status: 200, shape: S.HealthSettings },
  { route: 'GET /api/v2/debug/health/settings', path: () => '/api/v2/debug/health/settings', status: 200, shape: S.HealthSettings },
  { route: 'GET /api/v2/users/roles', path: () => '/api/v2/users/roles', status: 200, shape: list(S.AssignableRole) },

  // Users.
  { route: 'GET /api/v2/users/first', as: 'anonymous', path: () => '/api/v2/users/first', status: 200, shape: S.Response },
  { route: 'POST /api/v2/users/first', as: 'anonymous', path: () => '/api/v2/users/first', body: () => ({ email: 'x@example.com', username: 'x', password: 'Another-long-passw0rd' }), status: 409, shape: S.Response },
  { route: 'GET /api/v2/users/authmethods', as: 'anonymous', path: () => '/api/v2/users/authmethods', status: 200, shape: S.AuthMethods },
  { route: 'POST /api/v2/users/validate-password', as: 'anonymous', path: () => '/api/v2/users/validate-password', body: () => ({ password: 'short' }), status: 200, shape: S.ValidateUserPasswordResponse },
  { route: 'GET /api/v2/users', path: () => '/api/v2/users?q=status:active', status: 200, shape: S.GetUsersResponse },
  { route: 'GET /api/v2/users/{}', path: (f) => `/api/v2/users/${f.memberName}`, status: 200, shape: S.User },
  { route: 'GET /api/v2/users/{}/roles', path: (f) => `/api/v2/users/${f.memberName}/roles`, status: 200, shape: S.fields('roles', 'organization_roles') },
  { route: 'GET /api/v2/users/{}/login-type', path: () => '/api/v2/users/me/login-type', status: 200, shape: S.UserLoginType },
  // This server has no OpenID Connect provider to convert to (converting is driven in auth/convert-login.int.test.ts).
  { route: 'POST /api/v2/users/{}/convert-login', path: () => '/api/v2/users/me/convert-login', body: () => ({ to_type: 'oidc', password: 'whatever-it-is' }), status: 400 },
  { route: 'GET /api/v2/users/{}/appearance', path: () => '/api/v2/users/me/appearance', status: 200, shape: S.UserAppearanceSettings },
  { route: 'PUT /api/v2/users/{}/appearance', path: () => '/api/v2/users/me/appearance', body: () => ({ theme_preference: 'dark', terminal_font: '' }), status: 200, shape: S.UserAppearanceSettings },
  { route: 'GET /api/v2/users/{}/notifications/preferences', path: () => '/api/v2/users/me/notifications/preferences', status: 200, shape: list(S.UserNotificationPreference) },
  { route: 'PUT /api/v2/users/{}/notifications/preferences', path: () => '/api/v2/users/me/notifications/preferences', body: () => ({ template_disabled_map: {} }), status: 200, shape: list(S.UserNotificationPreference) },
  { route: 'GET /api/v2/users/{}/autofill-parameters', path: (f) => `/api/v2/users/me/autofill-parameters?template_id=${f.templateId}`, status: 200, shape: list(S.fields('name', 'value')) },
  { route: 'GET /api/v2/users/{}/gitsshkey', path: () => '/api/v2/users/me/gitsshkey', status: 200, shape: S.GitSSHKey },
  { route: 'PUT /api/v2/users/{}/gitsshkey', path: () => '/api/v2/users/me/gitsshkey', status: 200, shape: S.GitSSHKey },
  { route: 'GET /api/v2/users/{}/organizations', path: () => '/api/v2/users/me/organizations', status: 200, shape: list(S.Organization) },
  { route: 'GET /api/v2/users/{}/organizations/{}', path: (f) => `/api/v2/users/me/organizations/${f.orgName}`, status: 200, shape: S.Organization },
  { route: 'PUT /api/v2/users/{}/profile', as: 'member', path: () => '/api/v2/users/me/profile', body: (f) => ({ username: f.memberName, name: 'A Member' }), status: 200, shape: S.User },
  { route: 'POST /api/v2/users', path: () => '/api/v2/users', body: (f) => ({ email: 'new@example.com', username: 'newcomer', password: 'Newcomer-long-passw0rd', organization_ids: [f.orgId], user_status: null }), status: 201, shape: S.User },
  { route: 'PUT /api/v2/users/{}/status/suspend', path: () => '/api/v2/users/newcomer/status/suspend', status: 200, shape: S.User },
  { route: 'PUT /api/v2/users/{}/status/activate', path: () => '/api/v2/users/newcomer/status/activate', status: 200, shape: S.User },
  { route: 'DELETE /api/v2/users/{}', path: () => '/api/v2/users/me', status: 403, shape: S.Response },
  { route: 'PUT /api/v2/users/{}/roles', path: () => '/api/v2/users/newcomer/roles', body: () => ({ roles: ['template-admin'] }), status: 200, shape: S.User },

  // Sessions and tokens.
  { route: 'GET /api/v2/users/{}/keys/tokens', path: () => '/api/v2/users/me/keys/tokens', status: 200, shape: list(S.APIKey) },
  { route: 'GET /api/v2/users/{}/keys/tokens/tokenconfig', path: () => '/api/v2/users/me/keys/tokens/tokenconfig', status: 200, shape: S.TokenConfig },
  { route: 'GET /api/v2/users/{}/keys/tokens/{}', path: (f) => `/api/v2/users/me/keys/tokens/${f.tokenName}`, status: 200, shape: S.APIKey },
  { route: 'GET /api/v2/users/{}/keys/{}', path: (f) => `/api/v2/users/me/keys/${f.apiKeyId}`, status: 200, shape: S.APIKey },
  { route: 'POST /api/v2/users/{}/keys/tokens', path: () => '/api/v2/users/me/keys/tokens', body: () => ({ token_name: 'conformance-2', lifetime: 3_600_000_000_000 }), status: 201, shape: S.GenerateAPIKeyResponse },
  { route: 'POST /api/v2/users/{}/keys', path: () => '/api/v2/users/me/keys', status: 201, shape: S.GenerateAPIKeyResponse, keep: (f, d) => (f.scratch.sessionKey = (d as { key: string }).key) },
  { route: 'DELETE /api/v2/users/{}/keys/{}', path: (f) => `/api/v2/users/me/keys/${f.scratch.sessionKey!.split('-')[0]}`, status: 204 },

  // Organizations.
  { route: 'GET /api/v2/organizations', path: () => '/api/v2/organizations', status: 200, shape: list(S.Organization) },
  { route: 'GET /api/v2/organizations/{}', path: () => '/api/v2/organizations/default', status: 200, shape: S.Organization },
  { route: 'GET /api/v2/organizations/{}/members', path: (f) => `/api/v2/organizations/${f.orgId}/members`, status: 200, shape: list(S.OrganizationMemberWithUserData) },
  { route: 'PUT /api/v2/organizations/{}/members/{}/roles', path: (f) => `/api/v2/organizations/${f.orgId}/members/${f.memberName}/roles`, body: () => ({ roles: ['organization-auditor'] }), status: 200, shape: S.fields('user_id', 'organization_id', 'roles') },
  { route: 'GET /api/v2/organizations/{}/paginated-members', path: (f) => `/api/v2/organizations/${f.orgId}/paginated-members?limit=10`, status: 200, shape: S.PaginatedMembersResponse },
  { route: 'GET /api/v2/organizations/{}/members/roles', path: (f) => `/api/v2/organizations/${f.orgId}/members/roles`, status: 200, shape: list(S.AssignableRole) },

  // Files, templates and versions.
  { route: 'POST /api/v2/files', path: () => '/api/v2/files', body: (f) => Buffer.from(f.scratch.tarBase64!, 'base64'), contentType: 'application/x-tar', status: 201, shape: S.UploadResponse },
  { route: 'GET /api/v2/files/{}', path: (f) => `/api/v2/files/${f.fileHash}`, status: 200 },
  { route: 'GET /api/v2/templates', path: () => '/api/v2/templates', status: 200, shape: list(S.Template) },
  { route: 'GET /api/v2/templates/{}', path: (f) => `/api/v2/templates/${f.templateId}`, status: 200, shape: S.Template },
  { route: 'GET /api/v2/templates/examples', path: () => '/api/v2/templates/examples', status: 200, shape: list(S.TemplateExample) },
  { route: 'GET /api/v2/organizations/{}/templates/examples', path: (f) => `/api/v2/organizations/${f.orgId}/templates/examples`, status: 200, shape: list(S.TemplateExample) },
  { route: 'GET /api/v2/organizations/{}/templates', path: (f) => `/api/v2/organizations/${f.orgId}/templates`, status: 200, shape: list(S.Template) },
  { route: 'GET /api/v2/organizations/{}/templates/{}', path: (f) => `/api/v2/organizations/${f.orgName}/templates/${f.templateName}`, status: 200, shape: S.Template },
  { route: 'GET /api/v2/organizations/{}/templates/{}/versions/{}', path: (f) => `/api/v2/organizations/${f.orgName}/templates/${f.templateName}/versions/${f.versionName}`, status: 200, shape: S.TemplateVersion },
  { route: 'GET /api/v2/organizations/{}/templates/{}/versions/{}/previous', path: (f) => `/api/v2/organizations/${f.orgName}/templates/${f.templateName}/versions/${f.versionName}/previous`, status: 404, shape: S.Response },
  { route: 'GET /api/v2/templates/{}/daus', path: (f) => `/api/v2/templates/${f.templateId}/daus?tz_offset=0`, status: 200, shape: S.DAUsResponse },
  { route: 'GET /api/v2/templates/{}/versions', path: (f) => `/api/v2/templates/${f.templateId}/versions`, status: 200, shape: list(S.TemplateVersion) },
  { route: 'GET /api/v2/templates/{}/versions/{}', path: (f) => `/api/v2/templates/${f.templateId}/versions/${f.versionName}`, status: 200, shape: S.TemplateVersion },
  { route: 'GET /api/v2/templateversions/{}', path: (f) => `/api/v2/templateversions/${f.versionId}`, status: 200, shape: S.TemplateVersion },
  { route: 'GET /api/v2/templateversions/{}/rich-parameters', path: (f) => `/api/v2/templateversions/${f.versionId}/rich-parameters`, status: 200, shape: list(S.TemplateVersionParameter) },
  { route: 'GET /api/v2/templateversions/{}/parameters', path: (f) => `/api/v2/templateversions/${f.versionId}/parameters`, status: 200, shape: list(z.unknown()) },
  { route: 'GET /api/v2/templateversions/{}/schema', path: (f) => `/api/v2/templateversions/${f.versionId}/schema`, status: 200, shape: list(z.unknown()) },
  { route: 'GET /api/v2/templateversions/{}/resources', path: (f) => `/api/v2/templateversions/${f.versionId}/resources`, status: 200, shape: list(S.WorkspaceResource) },
  { route: 'GET /api/v2/templateversions/{}/variables', path: (f) => `/api/v2/templateversions/${f.versionId}/variables`, status: 200, shape: list(z.unknown()) },
  { route: 'GET /api/v2/templateversions/{}/external-auth', path: (f) => `/api/v2/templateversions/${f.versionId}/external-auth`, status: 200, shape: list(S.fields('id', 'type', 'display_name', 'authenticated', 'optional')) },
  { route: 'GET /api/v2/templateversions/{}/presets', path: (f) => `/api/v2/templateversions/${f.versionId}/presets`, status: 200, shape: list(S.Preset) },
  { route: 'GET /api/v2/templateversions/{}/logs', path: (f) => `/api/v2/templateversions/${f.versionId}/logs`, status: 200, shape: list(S.ProvisionerJobLog) },
  { route: 'PATCH /api/v2/templateversions/{}', path: (f) => `/api/v2/templateversions/${f.versionId}`, body: () => ({ message: 'checked by the conformance suite' }), status: 200, shape: S.TemplateVersion },
  { route: 'PATCH /api/v2/templateversions/{}/cancel', path: (f) => `/api/v2/templateversions/${f.versionId}/cancel`, status: 400, shape: S.Response },
  { route: 'PATCH /api/v2/templates/{}', path: (f) => `/api/v2/templates/${f.templateId}`, body: () => ({ display_name: 'Conformance' }), status: 200, shape: S.Template },
  { route: 'PATCH /api/v2/templates/{}/versions', path: (f) => `/api/v2/templates/${f.templateId}/versions`, body: (f) => ({ id: f.versionId }), status: 200, shape: S.Response },
  // A dry run nobody picks up here: it stays pending until it is canceled.
  { route: 'POST /api/v2/templateversions/{}/dry-run', path: (f) => `/api/v2/templateversions/${f.versionId}/dry-run`, body: () => ({ workspace_name: 'preview' }), status: 201, shape: S.ProvisionerJob, keep: (f, d) => (f.scratch.dryRunId = (d as { id: string }).id) },
  { route: 'GET /api/v2/templateversions/{}/dry-run/{}', path: (f) => `/api/v2/templateversions/${f.versionId}/dry-run/${f.scratch.dryRunId}`, status: 200, shape: S.ProvisionerJob },
  { route: 'GET /api/v2/templateversions/{}/dry-run/{}/resources', path: (f) => `/api/v2/templateversions/${f.versionId}/dry-run/${f.scratch.dryRunId}/resources`, status: 200, shape: list(S.WorkspaceResource) },
  { route: 'GET /api/v2/templateversions/{}/dry-run/{}/logs', path: (f) => `/api/v2/templateversions/${f.versionId}/dry-run/${f.scratch.dryRunId}/logs`, status: 200, shape: list(S.ProvisionerJobLog) },
  { route: 'PATCH /api/v2/templateversions/{}/dry-run/{}/cancel', path: (f) => `/api/v2/templateversions/${f.versionId}/dry-run/${f.scratch.dryRunId}/cancel`, status: 200, shape: S.Response },
  // The fixture's only version is active (and in use): Coder refuses to archive it.
  { route: 'POST /api/v2/templateversions/{}/archive', path: (f) => `/api/v2/templateversions/${f.versionId}/archive`, status: 400, shape: S.Response },
  { route: 'POST /api/v2/templateversions/{}/unarchive', path: (f) => `/api/v2/templateversions/${f.versionId}/unarchive`, status: 400, shape: S.Response },
  { route: 'POST /api/v2/templates/{}/versions/archive', path: (f) => `/api/v2/templates/${f.templateId}/versions/archive`, body: () => ({ all: true }), status: 200, shape: S.fields('template_id', 'archived_ids') },
  { route: 'POST /api/v2/organizations/{}/templateversions', path: (f) => `/api/v2/organizations/${f.orgId}/templateversions`, body: (f) => ({ storage_method: 'file', file_id: f.fileHash, provisioner: 'terraform', tags: {} }), status: 201, shape: S.TemplateVersion, keep: (f, d) => (f.scratch.pendingVersion = (d as { id: string }).id) },
  { route: 'POST /api/v2/organizations/{}/templates', path: (f) => `/api/v2/organizations/${f.orgId}/templates`, body: (f) => ({ name: 'second', template_version_id: f.scratch.pendingVersion }), status: 201, shape: S.Template, keep: (f, d) => (f.scratch.secondTemplate = (d as { id: string }).id) },
  { route: 'DELETE /api/v2/templates/{}', path: (f) => `/api/v2/templates/${f.scratch.secondTemplate}`, status: 200, shape: S.Response },

  // Workspaces and builds.
  { route: 'GET /api/v2/workspaces', path: () => '/api/v2/workspaces?q=owner:me', status: 200, shape: S.WorkspacesResponse },
  { route: 'GET /api/v2/workspaces/{}', path: (f) => `/api/v2/workspaces/${f.workspaceId}`, status: 200, shape: S.Workspace },
  { route: 'GET /api/v2/users/{}/workspace/{}', path: (f) => `/api/v2/users/${f.ownerName}/workspace/${f.workspaceName}`, status: 200, shape: S.Workspace },
  { route: 'GET /api/v2/users/{}/workspace/{}/builds/{}', path: (f) => `/api/v2/users/${f.ownerName}/workspace/${f.workspaceName}/builds/${f.buildNumber}`, status: 200, shape: S.WorkspaceBuild },
  { route: 'GET /api/v2/workspaces/{}/builds', path: (f) => `/api/v2/workspaces/${f.workspaceId}/builds`, status: 200, shape: list(S.WorkspaceBuild) },
  { route: 'GET /api/v2/workspaces/{}/resolve-autostart', path: (f) => `/api/v2/workspaces/${f.workspaceId}/resolve-autostart`, status: 200, shape: S.ResolveAutostartResponse },
  { route: 'PUT /api/v2/workspaces/{}/favorite', path: (f) => `/api/v2/workspaces/${f.workspaceId}/favorite`, status: 204 },
  { route: 'DELETE /api/v2/workspaces/{}/favorite', path: (f) => `/api/v2/workspaces/${f.workspaceId}/favorite`, status: 204 },
  // Renames are off unless --allow-workspace-renames, as in Coder.
  { route: 'PATCH /api/v2/workspaces/{}', path: (f) => `/api/v2/workspaces/${f.workspaceId}`, body: () => ({ name: 'renamed' }), status: 400, shape: S.Response },
  { route: 'PUT /api/v2/workspaces/{}/autostart', path: (f) => `/api/v2/workspaces/${f.workspaceId}/autostart`, body: () => ({ schedule: 'CRON_TZ=Europe/Dublin 30 9 * * 1-5' }), status: 204 },
  { route: 'PUT /api/v2/workspaces/{}/ttl', path: (f) => `/api/v2/workspaces/${f.workspaceId}/ttl`, body: () => ({ ttl_ms: 8 * 3600_000 }), status: 204 },
  // The fixture's workspace started without a TTL, so its stop is manual (Coder's 409).
  { route: 'PUT /api/v2/workspaces/{}/extend', path: (f) => `/api/v2/workspaces/${f.workspaceId}/extend`, body: () => ({ deadline: new Date(Date.now() + 3600_000).toISOString() }), status: 409, shape: S.Response },
  { route: 'PUT /api/v2/workspaces/{}/autoupdates', path: (f) => `/api/v2/workspaces/${f.workspaceId}/autoupdates`, body: () => ({ automatic_updates: 'never' }), status: 204 },
  { route: 'POST /api/v2/workspaces/{}/usage', path: (f) => `/api/v2/workspaces/${f.workspaceId}/usage`, status: 204 },
  { route: 'GET /api/v2/workspaces/{}/port-share', path: (f) => `/api/v2/workspaces/${f.workspaceId}/port-share`, status: 200, shape: S.WorkspaceAgentPortShares },
  { route: 'POST /api/v2/workspaces/{}/port-share', path: (f) => `/api/v2/workspaces/${f.workspaceId}/port-share`, body: () => ({ agent_name: 'main', port: 8080, share_level: 'authenticated', protocol: 'http' }), status: 200, shape: S.fields('workspace_id', 'agent_name', 'port', 'share_level', 'protocol') },
  { route: 'DELETE /api/v2/workspaces/{}/port-share', path: (f) => `/api/v2/workspaces/${f.workspaceId}/port-share`, body: () => ({ agent_name: 'main', port: 8080 }), status: 200 },
  { route: 'GET /api/v2/workspacebuilds/{}', path: (f) => `/api/v2/workspacebuilds/${f.buildId}`, status: 200, shape: S.WorkspaceBuild },
  { route: 'GET /api/v2/workspacebuilds/{}/logs', path: (f) => `/api/v2/workspacebuilds/${f.buildId}/logs`, status: 200, shape: list(S.ProvisionerJobLog) },
  { route: 'GET /api/v2/workspacebuilds/{}/parameters', path: (f) => `/api/v2/workspacebuilds/${f.buildId}/parameters`, status: 200, shape: list(S.fields('name', 'value')) },
  { route: 'GET /api/v2/workspacebuilds/{}/resources', path: (f) => `/api/v2/workspacebuilds/${f.buildId}/resources`, status: 200, shape: list(S.WorkspaceResource) },
  { route: 'GET /api/v2/workspacebuilds/{}/state', path: (f) => `/api/v2/workspacebuilds/${f.buildId}/state`, status: 200 },
  { route: 'GET /api/v2/workspacebuilds/{}/timings', path: (f) => `/api/v2/workspacebuilds/${f.buildId}/timings`, status: 200, shape: S.WorkspaceBuildTimings },
  { route: 'GET /api/v2/workspaceagents/{}', path: (f) => `/api/v2/workspaceagents/${f.agentId}`, status: 200, shape: S.WorkspaceAgent },
  { route: 'GET /api/v2/workspaceagents/{}/logs', path: (f) => `/api/v2/workspaceagents/${f.agentId}/logs`, status: 200, shape: list(S.WorkspaceAgentLog) },
  { route: 'POST /api/v2/users/{}/workspaces', path: () => '/api/v2/users/me/workspaces', body: (f) => ({ name: 'second', template_id: f.templateId }), status: 201, shape: S.Workspace, keep: (f, d) => {
    const w = d as { id: string; latest_build: { id: string } };
    f.scratch.secondWorkspace = w.id;
    f.scratch.secondWorkspaceBuild = w.latest_build.id;
  } },
  { route: 'POST /api/v2/organizations/{}/members/{}/workspaces', path: (f) => `/api/v2/organizations/${f.orgId}/members/me/workspaces`, body: (f) => ({ name: 'third', template_id: f.templateId }), status: 201, shape: S.Workspace },
  // Its first build waits for a daemon: cancel it, then queue the next one.
  { route: 'PATCH /api/v2/workspacebuilds/{}/cancel', path: (f) => `/api/v2/workspacebuilds/${f.scratch.secondWorkspaceBuild}/cancel`, status: 200, shape: S.Response },
  { route: 'POST /api/v2/workspaces/{}/builds', path: (f) => `/api/v2/workspaces/${f.scratch.secondWorkspace}/builds`, body: () => ({ transition: 'delete', orphan: false }), status: 201, shape: S.WorkspaceBuild },

  // Provisioners.
  { route: 'GET /api/v2/organizations/{}/provisionerdaemons', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerdaemons`, status: 200, shape: list(S.ProvisionerDaemon) },
  { route: 'GET /api/v2/organizations/{}/provisionerjobs', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerjobs`, status: 200, shape: list(S.ProvisionerJob) },
  { route: 'GET /api/v2/organizations/{}/provisionerjobs/{}', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerjobs/${f.jobId}`, status: 200, shape: S.ProvisionerJob },
  { route: 'GET /api/v2/organizations/{}/provisionerkeys', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerkeys`, status: 200, shape: list(S.ProvisionerKey) },
  { route: 'GET /api/v2/organizations/{}/provisionerkeys/daemons', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerkeys/daemons`, status: 200, shape: list(S.fields('key', 'daemons')) },
  { route: 'GET /api/v2/provisionerkeys/{}', as: 'provisioner', path: (f) => `/api/v2/provisionerkeys/${f.provisionerKeySecret}`, status: 200, shape: S.ProvisionerKey },
  { route: 'POST /api/v2/organizations/{}/provisionerkeys', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerkeys`, body: () => ({ name: 'second-key', tags: { pool: 'gpu' } }), status: 201, shape: S.fields('key') },
  { route: 'DELETE /api/v2/organizations/{}/provisionerkeys/{}', path: (f) => `/api/v2/organizations/${f.orgId}/provisionerkeys/second-key`, status: 204 },

  // The agent's own routes, with its token.
  { route: 'GET /api/v2/workspaceagents/me/manifest', as: 'agent', path: () => '/api/v2/workspaceagents/me/manifest', status: 200, shape: S.fields('agent_id', 'agent_name', 'owner_name', 'workspace_id', 'workspace_name', 'apps', 'scripts', 'directory', 'environment_variables', 'metadata', 'vscode_port_proxy_uri') },
  { route: 'GET /api/v2/workspaceagents/me/external-auth', as: 'agent', path: () => '/api/v2/workspaceagents/me/external-auth?id=github', status: 200, shape: S.fields('url') },
  { route: 'GET /api/v2/workspaceagents/me/gitauth', as: 'agent', path: () => '/api/v2/workspaceagents/me/gitauth?match=https://github.com/coder/coder', status: 200, shape: S.fields('url') },
  { route: 'GET /api/v2/workspaceagents/me/gitsshkey', as: 'agent', path: () => '/api/v2/workspaceagents/me/gitsshkey', status: 200, shape: S.fields('public_key', 'private_key') },
  { route: 'POST /api/v2/workspaceagents/me/startup', as: 'agent', path: () => '/api/v2/workspaceagents/me/startup', body: () => ({ version: 'v2.0.0', expanded_directory: '/home/coder', subsystems: [] }), status: 200 },
  { route: 'POST /api/v2/workspaceagents/me/report-lifecycle', as: 'agent', path: () => '/api/v2/workspaceagents/me/report-lifecycle', body: () => ({ state: 'starting', changed_at: new Date().toISOString() }), status: 204 },
  { route: 'POST /api/v2/workspaceagents/me/log-source', as: 'agent', path: () => '/api/v2/workspaceagents/me/log-source', body: () => ({ id: '4a8e8f56-0a7c-4a44-8d3c-2d1c3b0c9a11', display_name: 'Conformance', icon: '' }), status: 201, shape: S.fields('id', 'display_name') },
  { route: 'PATCH /api/v2/workspaceagents/me/logs', as: 'agent', path: () => '/api/v2/workspaceagents/me/logs', body: () => ({ log_source_id: '4a8e8f56-0a7c-4a44-8d3c-2d1c3b0c9a11', logs: [{ created_at: new Date().toISOString(), output: 'hello', level: 'info' }] }), status: 200, shape: S.Response },
  { route: 'POST /api/v2/workspaceagents/me/report-stats', as: 'agent', path: () => '/api/v2/workspaceagents/me/report-stats', body: () => ({}), status: 200, shape: S.fields('report_interval') },
  { route: 'POST /api/v2/workspaceagents/me/metadata', as: 'agent', path: () => '/api/v2/workspaceagents/me/metadata', body: () => ({ metadata: [{ key: 'load', value: '0.1', error: '', collected_at: new Date().toISOString(), age: 0 }] }), status: 204 },
  { route: 'POST /api/v2/workspaceagents/me/app-health', as: 'agent', path: () => '/api/v2/workspaceagents/me/app-health', body: () => ({ Healths: {} }), status: 200 },

  // Sessions, last: logging in and out.
  { route: 'POST /api/v2/users/login', as: 'anonymous', path: () => '/api/v2/users/login', body: () => ({ email: 'newcomer', password: 'Newcomer-long-passw0rd' }), status: 201, shape: S.LoginWithPasswordResponse },
  { route: 'POST /api/v2/users/logout', as: 'throwaway', path: () => '/api/v2/users/logout', status: 200, shape: S.Response },
  { route: 'PUT /api/v2/users/{}/password', as: 'throwaway', path: () => '/api/v2/users/me/password', body: () => ({ old_password: 'Newcomer-long-passw0rd', password: 'Newcomer-new-passw0rd-2' }), status: 204 },
  // A premium feature in Coder: without a license it answers 403 with Coder's sentence.
  { route: 'PUT /api/v2/appearance', path: () => '/api/v2/appearance', body: () => ({ application_name: 'Warren', logo_url: '', service_banner: { enabled: false }, announcement_banners: [] }), status: 403, shape: S.Response },
];

/** Routes that speak only WebSockets or event streams: the tests that drive them for real. */
export const ELSEWHERE: Elsewhere[] = [
  { route: 'GET /*', test: 'test/browser/dashboard.browser.test.ts' },
  { route: 'GET /bin/{}', test: 'packages/server/src/agents/agents.int.test.ts' },
  { route: 'GET /bin', test: 'test/e2e/coder-binary.int.test.ts' },
  { route: 'GET /install.sh', test: 'test/e2e/coder-binary.int.test.ts' },
  { route: 'GET /api/v2/debug/ws', test: 'test/e2e/cli-commands.int.test.ts' },
  { route: 'GET /api/v2/applications/auth-redirect', test: 'packages/server/src/apps/apps.int.test.ts' },
  { route: 'GET /api/v2/users/oidc/callback', test: 'packages/server/src/auth/oidc.int.test.ts' },
  { route: 'GET /external-auth/{}/callback', test: 'packages/server/src/externalauth/external-auth.int.test.ts' },
  { route: 'GET /api/v2/workspaces/watch', test: 'packages/server/src/workspaces/watch-list.int.test.ts' },
  { route: 'GET /api/v2/workspaces/{}/watch', test: 'packages/server/src/workspaces/workspaces.int.test.ts' },
  { route: 'GET /api/v2/workspaces/{}/watch-ws', test: 'packages/server/src/workspaces/watch-ws.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/watch-metadata', test: 'packages/server/src/agents/agents.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/watch-metadata-ws', test: 'packages/server/src/workspaces/watch-ws.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/listening-ports', test: 'test/e2e/agent.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/pty', test: 'test/e2e/agent.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/ssh', test: 'test/e2e/vscode-remote.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/tcp', test: 'test/e2e/agent.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/udp', test: 'test/e2e/ssh-forwarding.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/ping', test: 'test/e2e/vscode-remote.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/{}/speedtest', test: 'test/e2e/cli-commands.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/me/control', test: 'test/e2e/agent.int.test.ts' },
  { route: 'GET /api/v2/workspaceagents/me/streams/{}', test: 'test/e2e/agent.int.test.ts' },
  { route: 'POST /api/v2/workspaceagents/me/script-completed', test: 'packages/server/src/builds/timings.int.test.ts' },
  { route: 'GET /api/v2/organizations/{}/provisionerdaemons/serve', test: 'packages/cli/src/provisioner-daemons.int.test.ts' },
];
