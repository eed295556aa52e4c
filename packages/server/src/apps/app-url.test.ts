import { describe, expect, it } from 'vitest';
import { parsePathApp, parseSubdomain, subdomainLabel, WildcardHost } from './app-url';

describe('path app addresses', () => {
  it('splits user, workspace, agent, slug and the rest', () => {
    expect(parsePathApp('/@alice/dev.main/apps/code-server/a/b')).toEqual({
      username: 'alice', workspace: 'dev', agent: 'main', kind: 'app', slug: 'code-server', basePath: '/@alice/dev.main/apps/code-server', rest: '/a/b',
    });
    expect(parsePathApp('/%40alice/dev/apps/jupyter')).toMatchObject({ username: 'alice', workspace: 'dev', agent: undefined, slug: 'jupyter', rest: '' });
    expect(parsePathApp('/@alice/dev/terminal')).toMatchObject({ kind: 'terminal', slug: '' });
  });

  it('leaves other paths alone', () => {
    expect(parsePathApp('/@alice/dev')).toBeUndefined();
    expect(parsePathApp('/@alice/dev/settings')).toBeUndefined();
    expect(parsePathApp('/api/v2/users/me')).toBeUndefined();
    expect(parsePathApp('/@alice/dev/apps/%E0%A4%A/')).toBeUndefined();
  });
});

describe('subdomain app addresses', () => {
  it('parses apps and ports as Coder names them', () => {
    expect(parseSubdomain('code-server--main--dev--alice')).toEqual({ prefix: undefined, slug: 'code-server', https: false, agent: 'main', workspace: 'dev', username: 'alice' });
    expect(parseSubdomain('8080--main--dev--alice')).toEqual({ prefix: undefined, port: 8080, https: false, agent: 'main', workspace: 'dev', username: 'alice' });
    expect(parseSubdomain('8443s--main--dev--alice')).toMatchObject({ port: 8443, https: true });
    expect(parseSubdomain('x---app--main--dev--alice')).toMatchObject({ prefix: 'x', slug: 'app' });
    expect(parseSubdomain('app--main--dev')).toBeUndefined();
    expect(parseSubdomain('99999--main--dev--alice')).toBeUndefined();
    expect(subdomainLabel({ port: 8443, https: true, agent: 'main', workspace: 'Dev', username: 'alice' })).toBe('8443s--main--dev--alice');
  });

  it('matches hosts under the wildcard, with and without a port in the pattern', () => {
    const w = new WildcardHost('*.apps.example.com');
    expect(w.match('a--b--c--d.apps.example.com')).toBe('a--b--c--d');
    expect(w.match('A--B--C--D.Apps.Example.com:8080')).toBe('a--b--c--d');
    expect(w.match('apps.example.com')).toBeUndefined();
    expect(w.match('x.y.apps.example.com')).toBeUndefined();
    expect(w.match('evil.com')).toBeUndefined();
    expect(w.cookieDomain).toBe('apps.example.com');
    expect(w.hostFor('a--b--c--d', '3000')).toBe('a--b--c--d.apps.example.com:3000');
    expect(w.hostWithPort('3000')).toBe('*.apps.example.com:3000');
    const dash = new WildcardHost('*-apps.example.com:8443');
    expect(dash.match('a--b--c--d-apps.example.com:8443')).toBe('a--b--c--d');
    expect(dash.match('a--b--c--d-apps.example.com:9000')).toBeUndefined();
    expect(dash.cookieDomain).toBe('example.com');
    expect(new WildcardHost('*.localhost').cookieDomain).toBeUndefined();
    expect(new WildcardHost('*.localhost').match('a--b--c--d.localhost:3000')).toBe('a--b--c--d');
  });
});
