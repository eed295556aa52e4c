import type { AcquiredJob, JobMetadata, NameValue, VariableValue } from '@warren/sdk';
import { generateApiKey } from '../auth/api-key-secret';
import { ownerOidcAccessToken } from '../auth/oidc-access-token';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { deleteApiKeysByName, insertApiKey } from '../db/queries/api-keys';
import { getFileById } from '../db/queries/files';
import { listMembershipsOfUsers } from '../db/queries/organizations';
import type { ProvisionerJobRow } from '../db/queries/provisioner-jobs';
import { getTemplateById } from '../db/queries/templates';
import { getTemplateVersionById, listTemplateVersionVariables } from '../db/queries/template-versions';
import { getUserById, type UserRow } from '../db/queries/users';
import {
  getWorkspaceBuildById,
  getWorkspaceBuildByNumber,
  getWorkspaceBuildState,
  listWorkspaceBuildParameters,
} from '../db/queries/workspace-builds';
import { getWorkspaceById } from '../db/queries/workspaces';
import { tokensForBuild } from '../externalauth/service';

/** Template variable values a job runs with: the stored value, else the default; empty optional ones are left out. */
export async function variableValuesOf(q: Queryable, versionId: string): Promise<VariableValue[]> {
  const vars = await listTemplateVersionVariables(q, versionId);
  return vars
    .map((v) => ({ name: v.name, value: v.value || v.default_value, sensitive: v.sensitive, required: v.required }))
    .filter((v) => v.value !== '' || v.required)
    .map(({ name, value, sensitive }) => ({ name, value, sensitive }));
}

/**
 * A fresh session token for the workspace owner, handed to terraform as
 * CODER_WORKSPACE_OWNER_SESSION_TOKEN; each build replaces the previous one of that workspace.
 */
async function ownerSessionToken(ctx: ServerContext, q: Queryable, user: { id: string; login_type: string }, workspaceId: string): Promise<string> {
  const tokenName = `${user.id}_${workspaceId}_session_token`;
  await deleteApiKeysByName(q, user.id, tokenName);
  const key = generateApiKey();
  const now = ctx.clock();
  await insertApiKey(q, {
    id: key.id,
    hashed_secret: key.hashedSecret,
    user_id: user.id,
    login_type: user.login_type,
    scope: 'all',
    token_name: tokenName,
    lifetime_seconds: Math.round(ctx.sessionDurationMs / 1000),
    expires_at: new Date(now.getTime() + ctx.sessionDurationMs),
    now,
  });
  return key.key;
}

async function workspaceBuildJob(ctx: ServerContext, q: Queryable, job: ProvisionerJobRow): Promise<AcquiredJob['type']> {
  const build = await getWorkspaceBuildById(q, job.input.workspace_build_id ?? '');
  if (!build) throw new Error(`The workspace build of job ${job.id} no longer exists.`);
  const workspace = await getWorkspaceById(q, build.workspace_id);
  const owner = await getUserById(q, build.workspace_owner_id);
  const template = await getTemplateById(q, build.template_id, true);
  const version = await getTemplateVersionById(q, build.template_version_id);
  if (!workspace || !owner || !template || !version) throw new Error(`The workspace of job ${job.id} is incomplete.`);
  const memberships = await listMembershipsOfUsers(q, [owner.id]);
  const previous = build.build_number > 1 ? await getWorkspaceBuildByNumber(q, workspace.id, build.build_number - 1) : undefined;
  const roles = [
    ...owner.rbac_roles.map((name) => ({ name, orgId: '' })),
    { name: 'member', orgId: '' },
    ...memberships
      .filter((m) => m.organization_id === workspace.organization_id)
      .flatMap((m) => ['organization-member', ...m.roles].map((name) => ({ name, orgId: m.organization_id }))),
  ];
  const metadata: JobMetadata = {
    coderUrl: ctx.accessUrl.toString().replace(/\/$/, ''),
    workspaceTransition: build.transition,
    workspaceName: workspace.name,
    workspaceOwner: owner.username,
    workspaceId: workspace.id,
    workspaceOwnerId: owner.id,
    workspaceOwnerEmail: owner.email,
    workspaceOwnerName: owner.name,
    workspaceOwnerGroups: ['Everyone'],
    workspaceOwnerSessionToken: await ownerSessionToken(ctx, q, owner, workspace.id),
    workspaceOwnerOidcAccessToken: await ownerOidcAccessToken(ctx, owner.id),
    workspaceOwnerSshPublicKey: '',
    workspaceOwnerSshPrivateKey: '',
    workspaceOwnerLoginType: owner.login_type,
    workspaceOwnerRbacRoles: roles,
    templateId: template.id,
    templateName: template.name,
    templateVersion: version.name,
    workspaceBuildId: build.id,
    workspaceBuildNumber: build.build_number,
  };
  const params = await listWorkspaceBuildParameters(q, build.id);
  const previousParams: NameValue[] = previous ? await listWorkspaceBuildParameters(q, previous.id) : [];
  return {
    kind: 'workspace_build',
    workspaceBuildId: build.id,
    workspaceName: workspace.name,
    richParameterValues: params,
    previousParameterValues: previousParams,
    variableValues: await variableValuesOf(q, version.id),
    externalAuthProviders: await tokensForBuild(ctx, workspace.owner_id, version.external_auth_providers.map((p) => p.id)),
    metadata,
    state: new Uint8Array((await getWorkspaceBuildState(q, build.id)) ?? Buffer.alloc(0)),
    logLevel: job.input.log_level ?? '',
  };
}

/** A dry run plans the version as a start of a workspace that does not exist, owned by the initiator. */
async function dryRunJob(ctx: ServerContext, q: Queryable, job: ProvisionerJobRow, initiator: UserRow | undefined): Promise<AcquiredJob['type']> {
  const version = await getTemplateVersionById(q, job.input.template_version_id ?? '');
  if (!version) throw new Error(`The template version of dry run ${job.id} no longer exists.`);
  const template = version.template_id ? await getTemplateById(q, version.template_id, true) : undefined;
  const given = new Map((job.input.user_variable_values ?? []).map((v) => [v.name, v.value]));
  const variables = (await variableValuesOf(q, version.id)).map((v) => (given.has(v.name) ? { ...v, value: given.get(v.name)! } : v));
  return {
    kind: 'template_dry_run',
    richParameterValues: job.input.rich_parameter_values ?? [],
    variableValues: variables,
    metadata: {
      coderUrl: ctx.accessUrl.toString().replace(/\/$/, ''),
      workspaceTransition: 'start',
      workspaceName: job.input.workspace_name ?? '',
      // The daemon fills in a fresh workspace id, as Coder's dry runs have one.
      workspaceId: '',
      workspaceOwner: initiator?.username ?? '',
      workspaceOwnerId: initiator?.id ?? '',
      workspaceOwnerEmail: initiator?.email ?? '',
      workspaceOwnerName: initiator?.name ?? '',
      workspaceOwnerGroups: ['Everyone'],
      // No session token or SSH keys for a workspace that will not exist.
      workspaceOwnerSessionToken: '',
      workspaceOwnerSshPublicKey: '',
      workspaceOwnerSshPrivateKey: '',
      workspaceOwnerLoginType: initiator?.login_type ?? '',
      workspaceOwnerRbacRoles: [],
      templateId: template?.id ?? '',
      templateName: template?.name ?? '',
      templateVersion: version.name,
      workspaceBuildId: '',
    },
  };
}

/** Everything a daemon needs to run a job it has just acquired. */
export async function buildAcquiredJob(ctx: ServerContext, q: Queryable, job: ProvisionerJobRow): Promise<AcquiredJob> {
  const file = await getFileById(q, job.file_id);
  if (!file) throw new Error(`The source file of job ${job.id} no longer exists.`);
  const initiator = await getUserById(q, job.initiator_id);
  let type: AcquiredJob['type'];
  if (job.type === 'workspace_build') {
    type = await workspaceBuildJob(ctx, q, job);
  } else if (job.type === 'template_version_import') {
    type = {
      kind: 'template_import',
      metadata: { coderUrl: ctx.accessUrl.toString().replace(/\/$/, ''), workspaceTransition: 'start', workspaceOwnerGroups: ['Everyone'] },
      userVariableValues: job.input.user_variable_values ?? [],
    };
  } else {
    type = await dryRunJob(ctx, q, job, initiator);
  }
  return {
    jobId: job.id,
    createdAt: job.created_at.getTime(),
    provisioner: job.provisioner,
    userName: initiator?.username ?? '',
    templateSourceArchive: new Uint8Array(file.data.buffer, file.data.byteOffset, file.data.byteLength),
    type,
    traceMetadata: job.trace_metadata,
  };
}
