import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { runCli } from './test-io';

let server: TestServer;
let configDir: string;
let url: string;
const cli = (...argv: string[]) => runCli(['--global-config', configDir, ...argv]);

beforeAll(async () => {
  server = await startTestServer();
  configDir = mkdtempSync(path.join(os.tmpdir(), 'warren-cli-'));
  url = server.url.toString().replace(/\/$/, '');
});
afterAll(() => server.close());

describe('warren CLI against a real server', () => {
  it('refuses to run authenticated commands before login', async () => {
    const res = await cli('whoami');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("You are not logged in. Try logging in using 'warren login <url>'.");
  });

  it('explains that first-user details are needed when nobody is at the keyboard', async () => {
    const res = await cli('login', url);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Missing --first-user-username/);
    expect(await server.client().hasFirstUser()).toBe(false);
  });

  it('creates the first user on login and stores the session privately', async () => {
    const res = await cli('login', url, '--first-user-username', 'admin', '--first-user-email', 'admin@example.com', '--first-user-password', 'Adm1n-Secret-Pass!');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("Welcome to Warren, admin! You're authenticated.");
    expect(readFileSync(path.join(configDir, 'url'), 'utf8')).toBe(url);
    expect(statSync(path.join(configDir, 'session')).mode & 0o077).toBe(0);
    const who = await cli('whoami');
    expect(who.stdout).toBe(`Warren is running at ${url}, You're authenticated as admin !\n`);
  });

  it('creates and lists users as a table and as JSON, and suspends them', async () => {
    const created = await cli('users', 'create', '-u', 'alice', '-e', 'alice@example.com', '-p', 'Al1ce-has-a-long-pass');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Your password is: Al1ce-has-a-long-pass');
    const table = await cli('users', 'list');
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+EMAIL\s+CREATED AT\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['admin', 'alice']);
    const json = JSON.parse((await cli('users', 'list', '-o', 'json')).stdout) as Array<{ username: string; email: string }>;
    expect(json.map((u) => u.email)).toEqual(['admin@example.com', 'alice@example.com']);
    const cols = await cli('users', 'list', '-c', 'username', '-c', 'status');
    expect(cols.stdout.split('\n')[0]).toMatch(/^USERNAME\s+STATUS$/);
    expect((await cli('users', 'list', '-c', 'shoe size')).stderr).toContain('Unknown column "shoe size"');
    expect((await cli('users', 'suspend', 'alice')).stdout).toBe('User alice has been suspended!\n');
    expect((await cli('users', 'activate', 'alice')).stdout).toBe('User alice has been activated!\n');
    const dup = await cli('users', 'create', '-u', 'alice', '-e', 'other@example.com');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('User already exists.');
    await cli('users', 'create', '-u', 'bob', '-e', 'bob@example.com');
    expect((await cli('users', 'delete', 'bob')).stdout).toBe('Successfully deleted bob.\n');
    // Someone who will sign in with the deployment's OpenID Connect provider: no password.
    const sso = await cli('users', 'create', '-u', 'carol', '-e', 'carol@example.com', '--login-type', 'oidc');
    expect(sso.stdout).toContain('This user signs in with OpenID Connect.');
    expect(JSON.parse((await cli('users', 'show', 'carol', '-o', 'json')).stdout)).toMatchObject([{ login_type: 'oidc' }]);
    expect((await cli('users', 'create', '-u', 'dave', '-e', 'dave@example.com', '--login-type', 'saml')).stderr).toBe(
      'error: --login-type must be one of password, none, github, oidc; got "saml".\n',
    );
    expect((await cli('users', 'delete', 'admin')).stderr).toBe('error: You cannot delete yourself!\n');
    expect((await cli('users', 'list', '-c', 'username')).stdout).not.toContain('bob');
  });

  it("lists the organization's members and edits their organization roles", async () => {
    const list = await cli('organizations', 'members', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(/^USERNAME\s+ORGANIZATION ROLES$/);
    expect(list.stdout).toMatch(/^admin\s+organization-admin$/m);
    const edited = await cli('organizations', 'members', 'edit-roles', 'alice', 'organization-auditor', 'organization-template-admin');
    expect(edited.stdout).toBe('alice now has organization-auditor, organization-template-admin in coder.\n');
    expect((await cli('org', 'members', 'list', '-c', 'username,organization roles')).stdout).toMatch(/^alice\s+organization-auditor,organization-template-admin$/m);
    expect((await cli('organizations', 'members', 'edit-roles', 'alice')).stdout).toBe('alice now has no organization roles in coder.\n');
    expect((await cli('organizations', 'members', 'edit-roles', 'admin')).stderr).toContain('You cannot change your own organization roles.');
  });

  it('creates a token usable with curl-style requests, lists and removes it', async () => {
    const created = await cli('tokens', 'create', '--name', 'ci', '--lifetime', '48h');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^[a-zA-Z0-9]{10}-[a-zA-Z0-9]{22}$/);
    const res = await fetch(`${url}/api/v2/users/me`, { headers: { 'Coder-Session-Token': key } });
    expect(((await res.json()) as { username: string }).username).toBe('admin');
    const list = await cli('tokens', 'list');
    expect(list.stdout).toMatch(/^ID\s+NAME\s+LAST USED\s+EXPIRES AT\s+CREATED AT\n\S{10}\s+ci\s/);
    const expires = new Date(JSON.parse((await cli('tokens', 'list', '-o', 'json')).stdout)[0].expires_at as string);
    expect(Math.abs(expires.getTime() - Date.now() - 48 * 3600_000)).toBeLessThan(60_000);
    expect((await cli('tokens', 'create', '--lifetime', 'soon')).stderr).toContain('"soon" is not a duration');
    expect((await cli('tokens', 'remove', 'ci')).stdout).toBe('Token has been deleted.\n');
    expect((await fetch(`${url}/api/v2/users/me`, { headers: { 'Coder-Session-Token': key } })).status).toBe(401);
    expect((await cli('tokens', 'remove', 'ci')).code).toBe(1);
  });

  it('shows organizations', async () => {
    const res = await cli('organizations', 'show');
    expect(res.stdout).toMatch(/^ID\s+NAME\s+DISPLAY NAME\s+DEFAULT\n\S+\s+coder\s+Coder\s+true\n$/);
    const json = JSON.parse((await cli('organizations', 'show', 'me', '-o', 'json')).stdout) as Array<{ is_default: boolean }>;
    expect(json).toHaveLength(1);
  });

  it('lets CODER_URL and CODER_SESSION_TOKEN override the saved login', async () => {
    const { session_token } = await server.client().login('alice@example.com', 'Al1ce-has-a-long-pass');
    const res = await runCli(['--global-config', configDir, 'whoami'], { CODER_URL: url, CODER_SESSION_TOKEN: session_token });
    expect(res.stdout).toContain("You're authenticated as alice !");
  });

  it('logs out', async () => {
    expect((await cli('logout', '-y')).code).toBe(0);
    expect((await cli('whoami')).code).toBe(1);
  });

  it('exits non-zero with a sentence from the real binary', () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/warren.js');
    const res = spawnSync(process.execPath, [bin, '--global-config', configDir, 'users', 'list'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('You are not logged in');
  });
});
