// Data sources describing the build: `coder_workspace`, `coder_workspace_owner`,
// `coder_provisioner`, `coder_workspace_tags` and `coder_external_auth` (provider v2 schemas).
// `coder_workspace` also keeps provider 0.x's owner attributes (deprecated) so older templates plan.
import { randomUUID } from 'node:crypto';
import { attribute, ProviderError, t } from '../tfplugin/index.js';
import type { EnvReader } from './env.js';
import { type CoderContext, kit } from './kit.js';
import { id } from './validators.js';

const computed = { computed: true } as const;
const secret = { computed: true, sensitive: true } as const;
const legacy = (sensitive = false) => ({ computed: true, deprecated: true, sensitive });

/** The access URL as Go's url.String() prints it: no slash is added to a bare host. */
export function accessUrl({ url, rawUrl }: Pick<CoderContext, 'url' | 'rawUrl'>): string {
  const href = url.toString();
  return url.pathname === '/' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(rawUrl) ? href.replace(/\/(?=[?#]|$)/, '') : href;
}

export function accessPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function jsonList<T>(env: EnvReader, name: string, what: string): T[] | null {
  const raw = env.lookup(name);
  if (raw === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || Array.isArray(parsed)) return parsed as T[] | null;
    throw new Error(`cannot unmarshal ${typeof parsed} into a list`);
  } catch (error) {
    throw new ProviderError(`invalid user ${what}: ${(error as Error).message}`);
  }
}

const workspace = kit.dataSource({
  schema: {
    version: 1,
    attributes: {
      id: attribute(t.string, computed),
      access_url: attribute(t.string, computed),
      access_port: attribute(t.number, computed),
      name: attribute(t.string, computed),
      transition: attribute(t.string, computed),
      start_count: attribute(t.number, computed),
      prebuild_count: attribute(t.number, computed),
      is_prebuild: attribute(t.bool, computed),
      is_prebuild_claim: attribute(t.bool, computed),
      template_id: attribute(t.string, computed),
      template_name: attribute(t.string, computed),
      template_version: attribute(t.string, computed),
      owner: attribute(t.string, legacy()),
      owner_email: attribute(t.string, legacy()),
      owner_id: attribute(t.string, legacy()),
      owner_name: attribute(t.string, legacy()),
      owner_groups: attribute(t.list(t.string), legacy()),
      owner_oidc_access_token: attribute(t.string, legacy(true)),
      owner_session_token: attribute(t.string, legacy(true)),
    },
  },
  read: ({ provider }) => {
    const { env } = provider;
    const transition = env.optional('CODER_WORKSPACE_TRANSITION', 'start');
    const claim = env.optional('CODER_WORKSPACE_IS_PREBUILD_CLAIM').toLowerCase() === 'true';
    const prebuild = !claim && env.optional('CODER_WORKSPACE_IS_PREBUILD').toLowerCase() === 'true';
    const template = (what: string, name: string) => {
      const result = env.required(name);
      if ('error' in result) throw new ProviderError(`template ${what} is missing: ${result.error}`);
      return result.value;
    };
    return {
      id: env.optional('CODER_WORKSPACE_ID', randomUUID()),
      access_url: accessUrl(provider),
      access_port: accessPort(provider.url),
      name: env.optional('CODER_WORKSPACE_NAME', 'default'),
      transition,
      start_count: transition === 'start' ? 1 : 0,
      prebuild_count: prebuild ? 1 : 0,
      is_prebuild: prebuild,
      is_prebuild_claim: claim,
      template_id: template('ID', 'CODER_WORKSPACE_TEMPLATE_ID'),
      template_name: template('name', 'CODER_WORKSPACE_TEMPLATE_NAME'),
      template_version: template('version', 'CODER_WORKSPACE_TEMPLATE_VERSION'),
      owner: env.optional('CODER_WORKSPACE_OWNER', 'default'),
      owner_email: env.optional('CODER_WORKSPACE_OWNER_EMAIL', 'default@example.com'),
      owner_id: env.optional('CODER_WORKSPACE_OWNER_ID', randomUUID()),
      owner_name: env.optional('CODER_WORKSPACE_OWNER_NAME', 'default'),
      owner_groups: jsonList<string>(env, 'CODER_WORKSPACE_OWNER_GROUPS', 'groups') ?? [],
      owner_oidc_access_token: env.optional('CODER_WORKSPACE_OWNER_OIDC_ACCESS_TOKEN'),
      owner_session_token: env.optional('CODER_WORKSPACE_OWNER_SESSION_TOKEN'),
    };
  },
});

const owner = kit.dataSource({
  schema: {
    attributes: {
      id: attribute(t.string, computed),
      name: attribute(t.string, computed),
      full_name: attribute(t.string, computed),
      email: attribute(t.string, computed),
      ssh_public_key: attribute(t.string, computed),
      ssh_private_key: attribute(t.string, secret),
      groups: attribute(t.list(t.string), computed),
      session_token: attribute(t.string, secret),
      oidc_access_token: attribute(t.string, secret),
      login_type: attribute(t.string, computed),
      rbac_roles: attribute(t.list(t.object({ name: t.string, org_id: t.string })), computed),
    },
  },
  read: ({ provider: { env } }) => ({
    id: env.optional('CODER_WORKSPACE_OWNER_ID', randomUUID()),
    name: env.optional('CODER_WORKSPACE_OWNER', 'default'),
    full_name: env.optional('CODER_WORKSPACE_OWNER_NAME', 'default'),
    email: env.optional('CODER_WORKSPACE_OWNER_EMAIL', 'default@example.com'),
    ssh_public_key: env.optional('CODER_WORKSPACE_OWNER_SSH_PUBLIC_KEY'),
    ssh_private_key: env.optional('CODER_WORKSPACE_OWNER_SSH_PRIVATE_KEY'),
    groups: jsonList<string>(env, 'CODER_WORKSPACE_OWNER_GROUPS', 'groups') ?? [],
    session_token: env.optional('CODER_WORKSPACE_OWNER_SESSION_TOKEN'),
    oidc_access_token: env.optional('CODER_WORKSPACE_OWNER_OIDC_ACCESS_TOKEN'),
    login_type: env.optional('CODER_WORKSPACE_OWNER_LOGIN_TYPE') || null,
    rbac_roles: (jsonList<{ name?: string; org_id?: string }>(env, 'CODER_WORKSPACE_OWNER_RBAC_ROLES', 'rbac roles') ?? [])
      .map((role) => ({ name: role.name ?? '', org_id: role.org_id ?? '' })),
  }),
});

const goOs: Record<string, string> = { win32: 'windows' };
const goArch: Record<string, string> = { x64: 'amd64', arm: 'armv7', ia32: '386' };

const provisioner = kit.dataSource({
  schema: { attributes: { id, os: attribute(t.string, computed), arch: attribute(t.string, computed) } },
  read: () => ({ id: randomUUID(), os: goOs[process.platform] ?? process.platform, arch: goArch[process.arch] ?? process.arch }),
});

const workspaceTags = kit.dataSource({
  schema: { version: 1, attributes: { id, tags: attribute(t.map(t.string), { optional: true, forceNew: true }) } },
  read: () => ({ id: randomUUID() }),
});

const externalAuth = kit.dataSource({
  schema: {
    version: 1,
    attributes: {
      id: attribute(t.string, { required: true }),
      access_token: attribute(t.string, secret),
      optional: attribute(t.bool, { optional: true }),
    },
  },
  read: ({ config, provider }) => {
    if (config.id === '') throw new ProviderError('id is required');
    return { access_token: provider.env.optional(`CODER_EXTERNAL_AUTH_ACCESS_TOKEN_${config.id}`) };
  },
});

export const workspaceDataSources = {
  coder_workspace: workspace,
  coder_workspace_owner: owner,
  coder_provisioner: provisioner,
  coder_workspace_tags: workspaceTags,
  coder_external_auth: externalAuth,
};
