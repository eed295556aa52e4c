import { describe, expect, it } from 'vitest';
import { externalAuthFromEnv } from './external-auth-options';

describe('external auth providers from the environment', () => {
  it('fills in a known type: GitHub by its type alone', () => {
    const [github] = externalAuthFromEnv({ CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'abc', CODER_EXTERNAL_AUTH_0_CLIENT_SECRET: 's' });
    expect(github).toMatchObject({
      id: 'github',
      authUrl: 'https://github.com/login/oauth/authorize',
      tokenUrl: 'https://github.com/login/oauth/access_token',
      validateUrl: 'https://api.github.com/user',
      revokeUrl: 'https://api.github.com/applications/abc/grant',
      scopes: ['repo', 'workflow'],
      displayName: 'GitHub',
      deviceFlow: false,
    });
    expect(github!.regex!.test('https://github.com/coder/coder.git')).toBe(true);
    expect(github!.regex!.test('https://github.company.example/x')).toBe(false);
  });

  it('derives a self-hosted GitLab from its authorization URL, and keeps what is set', () => {
    const [gitlab] = externalAuthFromEnv({
      CODER_EXTERNAL_AUTH_0_ID: 'work-gitlab',
      CODER_EXTERNAL_AUTH_0_TYPE: 'gitlab',
      CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'id',
      CODER_EXTERNAL_AUTH_0_AUTH_URL: 'https://gitlab.corp.example/oauth/authorize',
      CODER_EXTERNAL_AUTH_0_SCOPES: 'read_repository api',
    });
    expect(gitlab).toMatchObject({ id: 'work-gitlab', tokenUrl: 'https://gitlab.corp.example/oauth/token', validateUrl: 'https://gitlab.corp.example/oauth/token/info', scopes: ['read_repository', 'api'] });
    expect(gitlab!.regex!.test('https://gitlab.corp.example/group/repo.git')).toBe(true);
  });

  it('reads several providers, and the legacy CODER_GITAUTH_ ones after them', () => {
    const configs = externalAuthFromEnv({
      CODER_EXTERNAL_AUTH_1_TYPE: 'bitbucket',
      CODER_EXTERNAL_AUTH_1_CLIENT_ID: 'b',
      CODER_EXTERNAL_AUTH_0_TYPE: 'github',
      CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a',
      CODER_GITAUTH_0_ID: 'old',
      CODER_GITAUTH_0_TYPE: 'gitlab',
      CODER_GITAUTH_0_CLIENT_ID: 'c',
    });
    expect(configs.map((c) => [c.id, c.type])).toEqual([
      ['github', 'github'],
      ['bitbucket-cloud', 'bitbucket-cloud'],
      ['old', 'gitlab'],
    ]);
  });

  it('is empty without any variable', () => {
    expect(externalAuthFromEnv({ PATH: '/usr/bin', CODER_EXTERNAL_AUTH: 'x' })).toEqual([]);
  });

  it.each([
    [{ CODER_EXTERNAL_AUTH_1_TYPE: 'github', CODER_EXTERNAL_AUTH_1_CLIENT_ID: 'a' }, 'CODER_EXTERNAL_AUTH_0_* is missing'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'github' }, 'needs CODER_EXTERNAL_AUTH_0_CLIENT_ID'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_0_CLIENT_SECRETT: 's' }, 'unknown field CLIENT_SECRETT'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'mine', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a' }, 'needs CODER_EXTERNAL_AUTH_0_AUTH_URL and CODER_EXTERNAL_AUTH_0_TOKEN_URL'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_0_REGEX: '(' }, 'CODER_EXTERNAL_AUTH_0_REGEX'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_0_TOKEN_URL: 'ftp://x' }, 'must be an http or https URL'],
    [{ CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_0_NO_REFRESH: 'maybe' }, 'is not true or false'],
    [{ CODER_EXTERNAL_AUTH_0_ID: 'Not Valid', CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a' }, 'must be at most 32 letters'],
    [
      { CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_1_TYPE: 'github', CODER_EXTERNAL_AUTH_1_CLIENT_ID: 'b' },
      'Two external auth providers have the id "github"',
    ],
    [
      { CODER_EXTERNAL_AUTH_0_TYPE: 'mine', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'a', CODER_EXTERNAL_AUTH_0_AUTH_URL: 'https://a', CODER_EXTERNAL_AUTH_0_TOKEN_URL: 'https://t', CODER_EXTERNAL_AUTH_0_DEVICE_FLOW: 'true' },
      'needs CODER_EXTERNAL_AUTH_0_DEVICE_CODE_URL',
    ],
  ])('refuses %j with a sentence that names the problem', (env, message) => {
    expect(() => externalAuthFromEnv(env)).toThrow(message);
  });
});
