/**
 * What a known external auth type fills in when the administrator leaves it out, as Coder does: a
 * hosted provider's fixed URLs, or a self-hosted one's derived from its authorization URL's host.
 */
export interface ExternalAuthDefaults {
  authUrl?: string;
  tokenUrl?: string;
  validateUrl?: string;
  revokeUrl?: string;
  deviceCodeUrl?: string;
  appInstallationsUrl?: string;
  displayName?: string;
  displayIcon?: string;
  regex?: string;
  scopes?: string[];
  extraTokenKeys?: string[];
  codeChallengeMethods?: string[];
}

/** `^(https?://)?host(/.*)?$` with the host's dots escaped. */
const hostRegex = (host: string) => `^(https?://)?${host.replaceAll('.', '\\.')}(/.*)?$`;

function parseUrl(text: string): URL | undefined {
  try {
    return text ? new URL(text) : undefined;
  } catch {
    return undefined;
  }
}

function github(clientId: string): ExternalAuthDefaults {
  return {
    authUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    validateUrl: 'https://api.github.com/user',
    revokeUrl: clientId ? `https://api.github.com/applications/${clientId}/grant` : undefined,
    deviceCodeUrl: 'https://github.com/login/device/code',
    appInstallationsUrl: 'https://api.github.com/user/installations',
    displayName: 'GitHub',
    displayIcon: '/icon/github.svg',
    regex: hostRegex('github.com'),
    scopes: ['repo', 'workflow'],
  };
}

function gitlab(authUrl: string): ExternalAuthDefaults {
  const self = parseUrl(authUrl);
  const base = self && self.host !== 'gitlab.com' ? self.origin : 'https://gitlab.com';
  return {
    authUrl: `${base}/oauth/authorize`,
    tokenUrl: `${base}/oauth/token`,
    validateUrl: `${base}/oauth/token/info`,
    revokeUrl: `${base}/oauth/revoke`,
    displayName: 'GitLab',
    displayIcon: '/icon/gitlab.svg',
    regex: hostRegex(new URL(base).host),
    scopes: ['write_repository', 'read_api'],
  };
}

function bitbucketServer(authUrl: string): ExternalAuthDefaults {
  const self = parseUrl(authUrl);
  const defaults: ExternalAuthDefaults = { displayName: 'Bitbucket Server', displayIcon: '/icon/bitbucket.svg', scopes: ['PUBLIC_REPOS', 'REPO_READ', 'REPO_WRITE'], codeChallengeMethods: ['none'] };
  if (!self) return defaults;
  return {
    ...defaults,
    tokenUrl: `${self.origin}/rest/oauth2/latest/token`,
    validateUrl: `${self.origin}/rest/api/latest/inbox/pull-requests/count`,
    regex: hostRegex(self.host),
  };
}

function gitea(authUrl: string): ExternalAuthDefaults {
  const self = parseUrl(authUrl || 'https://gitea.com/login/oauth/authorize')!;
  return {
    authUrl: `${self.origin}/login/oauth/authorize`,
    tokenUrl: `${self.origin}/login/oauth/access_token`,
    validateUrl: `${self.origin}/login/oauth/userinfo`,
    displayName: 'Gitea',
    displayIcon: '/icon/gitea.svg',
    regex: hostRegex(self.host),
    scopes: ['read:repository', 'write:repository', 'read:user'],
  };
}

function jfrog(authUrl: string, clientId: string): ExternalAuthDefaults {
  const self = parseUrl(authUrl);
  const defaults: ExternalAuthDefaults = { displayName: 'JFrog Artifactory', displayIcon: '/icon/jfrog.svg', scopes: ['applied-permissions/user'], codeChallengeMethods: ['none'] };
  if (!self || !clientId) return defaults;
  return { ...defaults, tokenUrl: `${self.origin}/access/api/v1/integrations/${clientId}/token`, validateUrl: `${self.origin}/access/api/v1/system/ping` };
}

const STATIC: Record<string, ExternalAuthDefaults> = {
  'azure-devops': {
    authUrl: 'https://app.vssps.visualstudio.com/oauth2/authorize',
    tokenUrl: 'https://app.vssps.visualstudio.com/oauth2/token',
    displayName: 'Azure DevOps',
    displayIcon: '/icon/azure-devops.svg',
    regex: hostRegex('dev.azure.com'),
    scopes: ['vso.code_write'],
    codeChallengeMethods: ['none'],
  },
  'bitbucket-cloud': {
    authUrl: 'https://bitbucket.org/site/oauth2/authorize',
    tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
    validateUrl: 'https://api.bitbucket.org/2.0/user',
    displayName: 'BitBucket',
    displayIcon: '/icon/bitbucket.svg',
    regex: hostRegex('bitbucket.org'),
    scopes: ['account', 'repository:write'],
    codeChallengeMethods: ['none'],
  },
  slack: {
    authUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    revokeUrl: 'https://slack.com/api/auth.revoke',
    displayName: 'Slack',
    displayIcon: '/icon/slack.svg',
    extraTokenKeys: ['authed_user'],
    codeChallengeMethods: ['none'],
  },
};

/** The defaults of a (lower-case) type; an unknown type has none. */
export function externalAuthDefaults(type: string, authUrl: string, clientId: string): ExternalAuthDefaults {
  switch (type) {
    case 'github':
      return github(clientId);
    case 'gitlab':
      return gitlab(authUrl);
    case 'bitbucket-server':
      return bitbucketServer(authUrl);
    case 'gitea':
      return gitea(authUrl);
    case 'jfrog':
      return jfrog(authUrl, clientId);
    default:
      return STATIC[type] ?? {};
  }
}
