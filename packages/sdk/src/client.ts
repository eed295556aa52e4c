import type { APIKey, CreateTokenRequest, GenerateAPIKeyResponse, TokenConfig } from './apikeys';
import { SESSION_TOKEN_HEADER, SESSION_TOKEN_QUERY, type BuildInfoResponse } from './buildinfo';
import type {
  AppearanceConfig,
  AppHostResponse,
  AvailableExperiments,
  DeploymentConfig,
  DeploymentStats,
  Entitlements,
  RegionsResponse,
  SSHConfigResponse,
  UpdateAppearanceConfig,
  NotificationMethodsResponse,
  UpdateCheckResponse,
} from './deployment';
import type { Response as CoderResponse } from './errors';
import type { DeleteWorkspaceAgentPortShareRequest, UpsertWorkspaceAgentPortShareRequest, WorkspaceAgentPortShare } from './workspace-apps';
import type { ProvisionerJob, ProvisionerJobLog } from './jobs';
import type { CreateProvisionerKeyRequest, CreateProvisionerKeyResponse, ProvisionerDaemon, ProvisionerKey, ProvisionerKeyDaemons } from './provisioners';
import type { Organization, OrganizationMember, OrganizationMemberWithUserData } from './organizations';
import type {
  ArchiveTemplateVersionsRequest,
  ArchiveTemplateVersionsResponse,
  CreateTemplateRequest,
  CreateTemplateVersionDryRunRequest,
  CreateTemplateVersionRequest,
  DAUsResponse,
  PatchTemplateVersionRequest,
  Template,
  TemplateExample,
  TemplateVersion,
  TemplateVersionPreset,
  TemplateVersionExternalAuth,
  TemplateVersionParameter,
  TemplateVersionVariable,
  UpdateTemplateMeta,
  UploadResponse,
} from './templates';
import type {
  CreateWorkspaceBuildRequest,
  CreateWorkspaceRequest,
  PostWorkspaceUsageRequest,
  PutExtendWorkspaceRequest,
  ResolveAutostartResponse,
  UpdateWorkspaceAutomaticUpdatesRequest,
  UpdateWorkspaceRequest,
  UpdateWorkspaceAutostartRequest,
  UpdateWorkspaceTtlRequest,
  WorkspaceAgentPortShares,
  Workspace,
  WorkspaceBuild,
  WorkspaceBuildParameter,
  WorkspaceResource,
  WorkspacesResponse,
} from './workspaces';
import type {
  AuthMethods,
  CreateFirstUserRequest,
  CreateFirstUserResponse,
  CreateUserRequest,
  GetUsersResponse,
  LoginWithPasswordResponse,
  ConvertLoginRequest,
  OAuthConversionResponse,
  User,
} from './users';
import type {
  DeleteExternalAuthByIDResponse,
  ExternalAuth,
  ExternalAuthDevice,
  ExternalAuthResponse,
  ListUserExternalAuthResponse,
} from './external-auth';
import type {
  NotificationPreference,
  UpdateUserAppearanceSettingsRequest,
  UpdateUserNotificationPreferences,
  UpdateUserPasswordRequest,
  UpdateUserProfileRequest,
  UserAppearanceSettings,
  UserParameter,
  ValidateUserPasswordResponse,
} from './user-settings';
import type { AssignableRoles, AuthorizationRequest, AuthorizationResponse } from './authorization';
import type { WorkspaceBuildTimings } from './build-timings';
import { healthcheckReportSchema, type HealthcheckReport, type HealthSettings } from './health';

/** An error answered by the server, carrying Coder's response body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly response: CoderResponse,
  ) {
    super(response.detail ? `${response.message} ${response.detail}` : response.message);
    this.name = 'ApiError';
  }
}

export interface ClientOptions {
  sessionToken?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/** A typed client of Warren's (and Coder's) `/api/v2`. Browser-safe. */
export class Client {
  readonly url: URL;
  sessionToken: string | undefined;
  private readonly doFetch: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(url: string | URL, options: ClientOptions = {}) {
    this.url = new URL(url);
    this.sessionToken = options.sessionToken;
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = options.headers ?? {};
  }

  /** Sends a request and returns the raw response; the caller handles the status. */
  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<globalThis.Response> {
    const init: RequestInit = { method, headers: { ...this.headers, ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.sessionToken) h[SESSION_TOKEN_HEADER] = this.sessionToken;
    if (body instanceof Uint8Array) {
      init.body = body as Uint8Array<ArrayBuffer>; // fetch sends the bytes as they are
    } else if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return this.doFetch(new URL(path, this.url), init);
  }

  /** Sends a request and returns the decoded JSON body, or throws ApiError. */
  async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.raw(method, path, body, headers);
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, parseError(res.status, text));
    if (res.status === 204 || text === '') return undefined as T;
    return JSON.parse(text) as T;
  }

  buildInfo = () => this.request<BuildInfoResponse>('GET', '/api/v2/buildinfo');

  async hasFirstUser(): Promise<boolean> {
    const res = await this.raw('GET', '/api/v2/users/first');
    await res.body?.cancel();
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new ApiError(res.status, { message: `Unexpected status ${res.status} checking for the first user.` });
  }

  authMethods = () => this.request<AuthMethods>('GET', '/api/v2/users/authmethods');

  createFirstUser = (req: CreateFirstUserRequest) =>
    this.request<CreateFirstUserResponse>('POST', '/api/v2/users/first', req);

  login = (email: string, password: string) =>
    this.request<LoginWithPasswordResponse>('POST', '/api/v2/users/login', { email, password });

  logout = () => this.request<CoderResponse>('POST', '/api/v2/users/logout');

  /** Starts moving a password account to OpenID Connect; the response's state then goes to `/users/oidc/callback?oidc_merge_state=`. */
  convertLogin = (user: string, req: ConvertLoginRequest) => this.request<OAuthConversionResponse>('POST', `/api/v2/users/${enc(user)}/convert-login`, req);

  user = (user = 'me') => this.request<User>('GET', `/api/v2/users/${enc(user)}`);

  users(params: { q?: string; limit?: number; offset?: number } = {}) {
    return this.request<GetUsersResponse>('GET', `/api/v2/users${query(params)}`);
  }

  createUser = (req: CreateUserRequest) => this.request<User>('POST', '/api/v2/users', req);

  /** Deletes a user who has no workspaces left (user admins and owners). */
  deleteUser = (user: string) => this.request<CoderResponse>('DELETE', `/api/v2/users/${enc(user)}`);

  updateUserStatus = (user: string, status: 'activate' | 'suspend') =>
    this.request<User>('PUT', `/api/v2/users/${enc(user)}/status/${status}`);

  /** Replaces a member's organization roles (organization-member is implied). */
  updateOrganizationMemberRoles = (org: string, user: string, roles: string[]) =>
    this.request<OrganizationMember>('PUT', `/api/v2/organizations/${enc(org)}/members/${enc(user)}/roles`, { roles });

  updateUserRoles = (user: string, roles: string[]) =>
    this.request<User>('PUT', `/api/v2/users/${enc(user)}/roles`, { roles });

  createToken = (user: string, req: CreateTokenRequest) =>
    this.request<GenerateAPIKeyResponse>('POST', `/api/v2/users/${enc(user)}/keys/tokens`, req);

  tokens = (user: string, includeAll = false) =>
    this.request<APIKey[]>('GET', `/api/v2/users/${enc(user)}/keys/tokens${includeAll ? '?include_all=true' : ''}`);

  tokenByName = (user: string, name: string) =>
    this.request<APIKey>('GET', `/api/v2/users/${enc(user)}/keys/tokens/${enc(name)}`);

  deleteAPIKey = (user: string, keyId: string) =>
    this.request<void>('DELETE', `/api/v2/users/${enc(user)}/keys/${enc(keyId)}`);

  userAppearanceSettings = (user = 'me') => this.request<UserAppearanceSettings>('GET', `/api/v2/users/${enc(user)}/appearance`);

  updateUserAppearanceSettings = (user: string, req: UpdateUserAppearanceSettingsRequest) =>
    this.request<UserAppearanceSettings>('PUT', `/api/v2/users/${enc(user)}/appearance`, req);

  updateProfile = (user: string, req: UpdateUserProfileRequest) => this.request<User>('PUT', `/api/v2/users/${enc(user)}/profile`, req);

  /** Changes a password; every session and token of the user ends with it, as in Coder. */
  updateUserPassword = (user: string, req: UpdateUserPasswordRequest) =>
    this.request<void>('PUT', `/api/v2/users/${enc(user)}/password`, req);

  tokenConfig = (user = 'me') => this.request<TokenConfig>('GET', `/api/v2/users/${enc(user)}/keys/tokens/tokenconfig`);

  userNotificationPreferences = (user = 'me') =>
    this.request<NotificationPreference[]>('GET', `/api/v2/users/${enc(user)}/notifications/preferences`);

  updateUserNotificationPreferences = (user: string, req: UpdateUserNotificationPreferences) =>
    this.request<NotificationPreference[]>('PUT', `/api/v2/users/${enc(user)}/notifications/preferences`, req);

  autofillParameters = (user: string, templateId: string) =>
    this.request<UserParameter[]>('GET', `/api/v2/users/${enc(user)}/autofill-parameters${query({ template_id: templateId })}`);

  validatePassword = (password: string) => this.request<ValidateUserPasswordResponse>('POST', '/api/v2/users/validate-password', { password });

  // External auth

  externalAuth = () => this.request<ListUserExternalAuthResponse>('GET', '/api/v2/external-auth');

  externalAuthByID = (provider: string) => this.request<ExternalAuth>('GET', `/api/v2/external-auth/${enc(provider)}`);

  deleteExternalAuth = (provider: string) => this.request<DeleteExternalAuthByIDResponse>('DELETE', `/api/v2/external-auth/${enc(provider)}`);

  externalAuthDevice = (provider: string) => this.request<ExternalAuthDevice>('GET', `/api/v2/external-auth/${enc(provider)}/device`);

  exchangeExternalAuthDevice = (provider: string, deviceCode: string) =>
    this.request<void>('POST', `/api/v2/external-auth/${enc(provider)}/device`, { device_code: deviceCode });

  /** With an agent's token: the workspace owner's token for a provider (by `id`, or by a URL git asks about). */
  workspaceAgentExternalAuth = (params: { id?: string; match?: string; listen?: boolean }) =>
    this.request<ExternalAuthResponse>(
      'GET',
      `/api/v2/workspaceagents/me/external-auth${query({ id: params.id, match: params.match, listen: params.listen ? 'true' : undefined })}`,
    );

  // Permissions and roles

  /** Coder's permission map: each check's key answers whether the caller may do it. */
  authCheck = (req: AuthorizationRequest) => this.request<AuthorizationResponse>('POST', '/api/v2/authcheck', req);

  siteRoles = () => this.request<AssignableRoles[]>('GET', '/api/v2/users/roles');

  // Deployment health (owners only)

  /** The health report; `force` runs every check now instead of answering the cached report. */
  async debugHealth(force = false): Promise<HealthcheckReport> {
    const body = await this.request<unknown>('GET', `/api/v2/debug/health${force ? '?force=true' : ''}`);
    return healthcheckReportSchema.parse(body) as unknown as HealthcheckReport;
  }

  healthSettings = () => this.request<HealthSettings>('GET', '/api/v2/debug/health/settings');

  /** Stores the dismissed sections; answers undefined when nothing changed (204). */
  updateHealthSettings = (settings: HealthSettings) => this.request<HealthSettings | undefined>('PUT', '/api/v2/debug/health/settings', settings);

  organizationRoles = (org: string) => this.request<AssignableRoles[]>('GET', `/api/v2/organizations/${enc(org)}/members/roles`);

  // Deployment

  entitlements = () => this.request<Entitlements>('GET', '/api/v2/entitlements');

  appearance = () => this.request<AppearanceConfig>('GET', '/api/v2/appearance');

  updateAppearance = (req: UpdateAppearanceConfig) => this.request<AppearanceConfig>('PUT', '/api/v2/appearance', req);

  experiments = () => this.request<string[]>('GET', '/api/v2/experiments');

  availableExperiments = () => this.request<AvailableExperiments>('GET', '/api/v2/experiments/available');

  deploymentConfig = () => this.request<DeploymentConfig>('GET', '/api/v2/deployment/config');

  deploymentSSHConfig = () => this.request<SSHConfigResponse>('GET', '/api/v2/deployment/ssh');

  deploymentStats = () => this.request<DeploymentStats>('GET', '/api/v2/deployment/stats');

  updateCheck = () => this.request<UpdateCheckResponse>('GET', '/api/v2/updatecheck');

  systemNotificationTemplates = () => this.request<unknown[]>('GET', '/api/v2/notifications/templates/system');

  notificationDispatchMethods = () => this.request<NotificationMethodsResponse>('GET', '/api/v2/notifications/dispatch-methods');

  regions = () => this.request<RegionsResponse>('GET', '/api/v2/regions');

  appHost = () => this.request<AppHostResponse>('GET', '/api/v2/applications/host');

  organizations = () => this.request<Organization[]>('GET', '/api/v2/organizations');

  organization = (org: string) => this.request<Organization>('GET', `/api/v2/organizations/${enc(org)}`);

  userOrganizations = (user = 'me') =>
    this.request<Organization[]>('GET', `/api/v2/users/${enc(user)}/organizations`);

  organizationMembers = (org: string) =>
    this.request<OrganizationMemberWithUserData[]>('GET', `/api/v2/organizations/${enc(org)}/members`);

  // Files

  /** Uploads a template source (a tar archive); answers its id in `hash`. */
  uploadFile = (data: Uint8Array, contentType = 'application/x-tar') =>
    this.request<UploadResponse>('POST', '/api/v2/files', data, { 'Content-Type': contentType });

  async file(id: string): Promise<Uint8Array> {
    const res = await this.raw('GET', `/api/v2/files/${enc(id)}`);
    if (!res.ok) throw new ApiError(res.status, parseError(res.status, await res.text()));
    return new Uint8Array(await res.arrayBuffer());
  }

  // Template versions

  createTemplateVersion = (org: string, req: CreateTemplateVersionRequest) =>
    this.request<TemplateVersion>('POST', `/api/v2/organizations/${enc(org)}/templateversions`, req);

  templateVersion = (id: string) => this.request<TemplateVersion>('GET', `/api/v2/templateversions/${enc(id)}`);

  patchTemplateVersion = (id: string, req: PatchTemplateVersionRequest) =>
    this.request<TemplateVersion>('PATCH', `/api/v2/templateversions/${enc(id)}`, req);

  /** Archives a version nothing uses; answers Coder's sentence. */
  archiveTemplateVersion = (id: string) => this.request<string>('POST', `/api/v2/templateversions/${enc(id)}/archive`);

  unarchiveTemplateVersion = (id: string) => this.request<string>('POST', `/api/v2/templateversions/${enc(id)}/unarchive`);

  /** Archives the template's unused versions: failed imports, or with `all` every unused one. */
  archiveTemplateVersions = (template: string, req: ArchiveTemplateVersionsRequest = {}) =>
    this.request<ArchiveTemplateVersionsResponse>('POST', `/api/v2/templates/${enc(template)}/versions/archive`, req);

  /** Plans a would-be workspace of the version; its job, resources and logs are the caller's alone. */
  createTemplateVersionDryRun = (version: string, req: CreateTemplateVersionDryRunRequest = {}) =>
    this.request<ProvisionerJob>('POST', `/api/v2/templateversions/${enc(version)}/dry-run`, req);

  templateVersionDryRun = (version: string, job: string) => this.request<ProvisionerJob>('GET', `/api/v2/templateversions/${enc(version)}/dry-run/${enc(job)}`);

  templateVersionDryRunResources = (version: string, job: string) =>
    this.request<WorkspaceResource[]>('GET', `/api/v2/templateversions/${enc(version)}/dry-run/${enc(job)}/resources`);

  cancelTemplateVersionDryRun = (version: string, job: string) =>
    this.request<CoderResponse>('PATCH', `/api/v2/templateversions/${enc(version)}/dry-run/${enc(job)}/cancel`);

  cancelTemplateVersion = (id: string) => this.request<CoderResponse>('PATCH', `/api/v2/templateversions/${enc(id)}/cancel`);

  templateVersionLogs = (id: string, after?: number) =>
    this.request<ProvisionerJobLog[]>('GET', `/api/v2/templateversions/${enc(id)}/logs${query({ after })}`);

  templateVersionRichParameters = (id: string) =>
    this.request<TemplateVersionParameter[]>('GET', `/api/v2/templateversions/${enc(id)}/rich-parameters`);

  templateVersionResources = (id: string) =>
    this.request<WorkspaceResource[]>('GET', `/api/v2/templateversions/${enc(id)}/resources`);

  templateVersionPresets = (id: string) => this.request<TemplateVersionPreset[]>('GET', `/api/v2/templateversions/${enc(id)}/presets`);

  templateVersionVariables = (id: string) =>
    this.request<TemplateVersionVariable[]>('GET', `/api/v2/templateversions/${enc(id)}/variables`);

  templateVersionExternalAuth = (id: string) =>
    this.request<TemplateVersionExternalAuth[]>('GET', `/api/v2/templateversions/${enc(id)}/external-auth`);

  templateVersionsByTemplate = (template: string, params: { after_id?: string; limit?: number; offset?: number; include_archived?: boolean } = {}) =>
    this.request<TemplateVersion[]>('GET', `/api/v2/templates/${enc(template)}/versions${query({ ...params, include_archived: params.include_archived ? 'true' : undefined })}`);

  templateVersionByName = (template: string, name: string) =>
    this.request<TemplateVersion>('GET', `/api/v2/templates/${enc(template)}/versions/${enc(name)}`);

  templateVersionByOrganizationAndName = (org: string, template: string, name: string) =>
    this.request<TemplateVersion>('GET', `/api/v2/organizations/${enc(org)}/templates/${enc(template)}/versions/${enc(name)}`);

  // Templates

  createTemplate = (org: string, req: CreateTemplateRequest) =>
    this.request<Template>('POST', `/api/v2/organizations/${enc(org)}/templates`, req);

  template = (id: string) => this.request<Template>('GET', `/api/v2/templates/${enc(id)}`);

  templatesByOrganization = (org: string) => this.request<Template[]>('GET', `/api/v2/organizations/${enc(org)}/templates`);

  templateByName = (org: string, name: string) =>
    this.request<Template>('GET', `/api/v2/organizations/${enc(org)}/templates/${enc(name)}`);

  templates = (q?: string) => this.request<Template[]>('GET', `/api/v2/templates${query({ q })}`);

  /** Answers undefined when nothing changed (304). */
  async updateTemplateMeta(id: string, req: UpdateTemplateMeta): Promise<Template | undefined> {
    const res = await this.raw('PATCH', `/api/v2/templates/${enc(id)}`, req);
    const text = await res.text();
    if (res.status === 304) return undefined;
    if (!res.ok) throw new ApiError(res.status, parseError(res.status, text));
    return JSON.parse(text) as Template;
  }

  updateActiveTemplateVersion = (template: string, versionId: string) =>
    this.request<CoderResponse>('PATCH', `/api/v2/templates/${enc(template)}/versions`, { id: versionId });

  deleteTemplate = (id: string) => this.request<CoderResponse>('DELETE', `/api/v2/templates/${enc(id)}`);

  /** The starter templates the server ships; with `org`, those of an organization. */
  templateExamples = (org?: string) =>
    this.request<TemplateExample[]>('GET', org ? `/api/v2/organizations/${enc(org)}/templates/examples` : '/api/v2/templates/examples');

  /** The version created before the named one; 404 for a template's first version. */
  previousTemplateVersion = (org: string, template: string, name: string) =>
    this.request<TemplateVersion>('GET', `/api/v2/organizations/${enc(org)}/templates/${enc(template)}/versions/${enc(name)}/previous`);

  /** Daily active users of every template (owners, template admins and auditors). */
  deploymentDAUs = (tzOffsetHours = 0) => this.request<DAUsResponse>('GET', `/api/v2/insights/daus${query({ tz_offset: tzOffsetHours })}`);

  templateDAUs = (template: string, tzOffsetHours = 0) =>
    this.request<DAUsResponse>('GET', `/api/v2/templates/${enc(template)}/daus${query({ tz_offset: tzOffsetHours })}`);

  // Workspaces

  createWorkspace = (org: string, user: string, req: CreateWorkspaceRequest) =>
    this.request<Workspace>('POST', `/api/v2/organizations/${enc(org)}/members/${enc(user)}/workspaces`, req);

  createUserWorkspace = (user: string, req: CreateWorkspaceRequest) =>
    this.request<Workspace>('POST', `/api/v2/users/${enc(user)}/workspaces`, req);

  workspace = (id: string, options: { includeDeleted?: boolean } = {}) =>
    this.request<Workspace>('GET', `/api/v2/workspaces/${enc(id)}${query({ include_deleted: options.includeDeleted ? 'true' : undefined })}`);

  workspaceByOwnerAndName = (user: string, name: string, options: { includeDeleted?: boolean } = {}) =>
    this.request<Workspace>('GET', `/api/v2/users/${enc(user)}/workspace/${enc(name)}${query({ include_deleted: options.includeDeleted ? 'true' : undefined })}`);

  workspaces = (params: { q?: string; limit?: number; offset?: number } = {}) =>
    this.request<WorkspacesResponse>('GET', `/api/v2/workspaces${query(params)}`);

  /** Renames the workspace (only where the deployment allows renames). */
  updateWorkspace = (workspace: string, req: UpdateWorkspaceRequest) => this.request<void>('PATCH', `/api/v2/workspaces/${enc(workspace)}`, req);

  favoriteWorkspace = (workspace: string) => this.request<void>('PUT', `/api/v2/workspaces/${enc(workspace)}/favorite`);

  unfavoriteWorkspace = (workspace: string) => this.request<void>('DELETE', `/api/v2/workspaces/${enc(workspace)}/favorite`);

  /** Reports that the workspace is in use (bumps its last-used time). */
  reportWorkspaceUsage = (workspace: string, req?: PostWorkspaceUsageRequest) =>
    this.request<void>('POST', `/api/v2/workspaces/${enc(workspace)}/usage`, req);

  workspacePortShares = (workspace: string) => this.request<WorkspaceAgentPortShares>('GET', `/api/v2/workspaces/${enc(workspace)}/port-share`);
  upsertWorkspacePortShare = (workspace: string, req: UpsertWorkspaceAgentPortShareRequest) =>
    this.request<WorkspaceAgentPortShare>('POST', `/api/v2/workspaces/${enc(workspace)}/port-share`, req);
  deleteWorkspacePortShare = (workspace: string, req: DeleteWorkspaceAgentPortShareRequest) =>
    this.request<void>('DELETE', `/api/v2/workspaces/${enc(workspace)}/port-share`, req);

  /** Sets or clears (schedule null) the workspace's weekly autostart. */
  updateWorkspaceAutostart = (workspace: string, req: UpdateWorkspaceAutostartRequest) =>
    this.request<void>('PUT', `/api/v2/workspaces/${enc(workspace)}/autostart`, req);

  /** Sets how long after each start the workspace stops (ttl_ms null: never). */
  updateWorkspaceTtl = (workspace: string, req: UpdateWorkspaceTtlRequest) => this.request<void>('PUT', `/api/v2/workspaces/${enc(workspace)}/ttl`, req);

  /** Moves the running workspace's stop time. */
  extendWorkspace = (workspace: string, req: PutExtendWorkspaceRequest) =>
    this.request<CoderResponse>('PUT', `/api/v2/workspaces/${enc(workspace)}/extend`, req);

  /** Whether each start moves the workspace to the template's active version (`always`) or not (`never`). */
  updateWorkspaceAutomaticUpdates = (workspace: string, req: UpdateWorkspaceAutomaticUpdatesRequest) =>
    this.request<void>('PUT', `/api/v2/workspaces/${enc(workspace)}/autoupdates`, req);

  resolveAutostart = (workspace: string) => this.request<ResolveAutostartResponse>('GET', `/api/v2/workspaces/${enc(workspace)}/resolve-autostart`);

  // Builds

  createWorkspaceBuild = (workspace: string, req: CreateWorkspaceBuildRequest) =>
    this.request<WorkspaceBuild>('POST', `/api/v2/workspaces/${enc(workspace)}/builds`, req);

  workspaceBuilds = (workspace: string, params: { after_id?: string; since?: string; limit?: number; offset?: number } = {}) =>
    this.request<WorkspaceBuild[]>('GET', `/api/v2/workspaces/${enc(workspace)}/builds${query(params)}`);

  workspaceBuildByNumber = (user: string, name: string, buildNumber: number) =>
    this.request<WorkspaceBuild>('GET', `/api/v2/users/${enc(user)}/workspace/${enc(name)}/builds/${buildNumber}`);

  workspaceBuild = (id: string) => this.request<WorkspaceBuild>('GET', `/api/v2/workspacebuilds/${enc(id)}`);

  workspaceBuildLogs = (id: string, after?: number) =>
    this.request<ProvisionerJobLog[]>('GET', `/api/v2/workspacebuilds/${enc(id)}/logs${query({ after })}`);

  workspaceBuildParameters = (id: string) =>
    this.request<WorkspaceBuildParameter[]>('GET', `/api/v2/workspacebuilds/${enc(id)}/parameters`);

  workspaceBuildResources = (id: string) =>
    this.request<WorkspaceResource[]>('GET', `/api/v2/workspacebuilds/${enc(id)}/resources`);

  /** How long each stage, resource, agent script and agent connection of a build took. */
  workspaceBuildTimings = (id: string) => this.request<WorkspaceBuildTimings>('GET', `/api/v2/workspacebuilds/${enc(id)}/timings`);

  async workspaceBuildState(id: string): Promise<Uint8Array> {
    const res = await this.raw('GET', `/api/v2/workspacebuilds/${enc(id)}/state`);
    if (!res.ok) throw new ApiError(res.status, parseError(res.status, await res.text()));
    return new Uint8Array(await res.arrayBuffer());
  }

  // Provisioner daemons, keys and jobs

  provisionerDaemons = (org: string) => this.request<ProvisionerDaemon[]>('GET', `/api/v2/organizations/${enc(org)}/provisionerdaemons`);

  provisionerJobs = (org: string, params: { status?: string; limit?: number } = {}) =>
    this.request<ProvisionerJob[]>('GET', `/api/v2/organizations/${enc(org)}/provisionerjobs${query(params)}`);

  provisionerJob = (org: string, id: string) =>
    this.request<ProvisionerJob>('GET', `/api/v2/organizations/${enc(org)}/provisionerjobs/${enc(id)}`);

  createProvisionerKey = (org: string, req: CreateProvisionerKeyRequest) =>
    this.request<CreateProvisionerKeyResponse>('POST', `/api/v2/organizations/${enc(org)}/provisionerkeys`, req);

  provisionerKeys = (org: string) => this.request<ProvisionerKey[]>('GET', `/api/v2/organizations/${enc(org)}/provisionerkeys`);

  /** Every provisioner key of the organization (the reserved ones too) with the daemons connected through it. */
  provisionerKeyDaemons = (org: string) => this.request<ProvisionerKeyDaemons[]>('GET', `/api/v2/organizations/${enc(org)}/provisionerkeys/daemons`);

  deleteProvisionerKey = (org: string, name: string) =>
    this.request<void>('DELETE', `/api/v2/organizations/${enc(org)}/provisionerkeys/${enc(name)}`);

  /** The key a daemon authenticates with, looked up by its secret (no session needed). */
  provisionerKeyBySecret = (key: string) =>
    this.request<ProvisionerKey>('GET', `/api/v2/provisionerkeys/${enc(key)}`, undefined, { 'Coder-Provisioner-Daemon-Key': key });

  cancelWorkspaceBuild = (id: string) => this.request<CoderResponse>('PATCH', `/api/v2/workspacebuilds/${enc(id)}/cancel`);

  /**
   * The WebSocket URL that follows a job's logs (`kind` picks template version or build logs):
   * one JSON ProvisionerJobLog per text frame, closed with 1000 when the job completes. The
   * session token rides in the query so any WebSocket implementation can dial it.
   */
  followLogsUrl(kind: 'templateversions' | 'workspacebuilds', id: string, after?: number): URL {
    const url = new URL(`/api/v2/${kind}/${enc(id)}/logs${query({ follow: 'true', after })}`, this.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.sessionToken) url.searchParams.set(SESSION_TOKEN_QUERY, this.sessionToken);
    return url;
  }

  /**
   * The server-sent events URL of the workspaces list: `event: data` with `{"workspace_id": id}` for
   * each change to a workspace the caller may read, and `{"workspace_id": null}` to re-read everything.
   */
  watchWorkspacesUrl(): URL {
    return new URL('/api/v2/workspaces/watch', this.url);
  }

  /** The server-sent events URL of a workspace (`event: data` with the Workspace JSON). */
  watchWorkspaceUrl(id: string): URL {
    return new URL(`/api/v2/workspaces/${enc(id)}/watch`, this.url);
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function parseError(status: number, text: string): CoderResponse {
  try {
    const body = JSON.parse(text) as Partial<CoderResponse>;
    if (typeof body.message === 'string') return body as CoderResponse;
  } catch {
    // fall through: the body was not JSON
  }
  return { message: `The server answered ${status}.`, detail: text.slice(0, 500) };
}
