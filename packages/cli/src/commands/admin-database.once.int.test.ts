// reset-password and server create-admin-user work on the database itself, for a deployment nobody
// can sign in to: the built-in PostgreSQL of a config folder (joined while its server runs, started
// by the command while it does not) and a database named by URL or CODER_PG_CONNECTION_URL.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, Client } from '@warren/sdk';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig, startServer, type RunningServer } from '@warren/server';
import { runCli } from '../test-io';

const WARREN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/warren.js');
const OWNER = { email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' };
const log = pino({ level: 'silent' });

let configDir: string;
let server: RunningServer | undefined;

const start = async () => {
  server = await startServer(resolveServerConfig({ 'http-address': '127.0.0.1:0', 'global-config': configDir, 'provisioner-daemons': '0' }), log);
  return new Client(server.url);
};
const stop = async () => {
  await server?.close();
  server = undefined;
};

/** The real CLI as a process, answering its questions on standard input. */
function warren(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARREN, '--global-config', configDir, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

const loginStatus = (anon: Client, email: string, password: string) =>
  anon.login(email, password).then(
    () => 200,
    (e: ApiError) => e.status,
  );

beforeAll(async () => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'warren-admin-db-'));
  await (await start()).createFirstUser(OWNER);
}, 120_000);
afterAll(() => stop());

describe('reset-password', () => {
  it("resets a password in the running server's built-in database", async () => {
    const res = await warren(['reset-password', 'owner'], 'N3w-Secret-Passw0rd!\nN3w-Secret-Passw0rd!\n');
    expect(res.stderr).toBe('');
    expect(res).toMatchObject({ code: 0, stdout: '\nPassword has been reset for user owner!\n' });
    const anon = new Client(server!.url);
    expect(await loginStatus(anon, OWNER.email, 'N3w-Secret-Passw0rd!')).toBe(200);
    expect(await loginStatus(anon, OWNER.email, OWNER.password)).toBe(401);
  });

  it('refuses weak or mismatched passwords and unknown users, changing nothing', async () => {
    const weak = await warren(['reset-password', 'owner'], 'password\npassword\n');
    expect(weak).toMatchObject({ code: 1, stderr: 'error: Password is too easy to guess: use a longer password mixing upper and lower case letters, digits and symbols.\n' });
    const mismatch = await warren(['reset-password', 'owner'], 'An0ther-Secret-Passw0rd!\nAn0ther-Secret-Passw0rd?\n');
    expect(mismatch).toMatchObject({ code: 1, stderr: 'error: Passwords do not match.\n' });
    const ended = await warren(['reset-password', 'owner'], 'An0ther-Secret-Passw0rd!\n');
    expect(ended.stderr).toBe('error: Standard input ended before the answer to "Confirm password:" was given.\n');
    const nobody = await warren(['reset-password', 'nobody'], 'An0ther-Secret-Passw0rd!\nAn0ther-Secret-Passw0rd!\n');
    expect(nobody).toMatchObject({ code: 1, stderr: 'error: There is no user named "nobody".\n' });
    expect(await loginStatus(new Client(server!.url), OWNER.email, 'N3w-Secret-Passw0rd!')).toBe(200);
  });

  it('explains a missing database or a bad URL', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'warren-admin-empty-'));
    const none = await runCli(['--global-config', empty, 'reset-password', 'owner']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`error: There is no built-in database in ${empty}/postgres. Pass --postgres-url (or CODER_PG_CONNECTION_URL) for an external database, or --global-config for the folder the server uses.\n`);
    const bad = await runCli(['reset-password', 'owner', '--postgres-url', 'not a url']);
    expect(bad.stderr).toBe('error: --postgres-url is not a URL: use the form postgres://user:password@host:5432/database.\n');
  });
});

describe('server create-admin-user', () => {
  it('creates an owner who administers every organization, from flags', async () => {
    const res = await runCli(['--global-config', configDir, 'server', 'create-admin-user', '--username', 'rescue', '--email', 'rescue@example.com', '--password', 'Resc-ue-Passw0rd!']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`Using built-in PostgreSQL (${configDir}/postgres)\n`);
    const lines = res.stderr.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Creating user...', 'Generating user SSH key...', expect.stringMatching(/^Adding user to organization "coder" \([0-9a-f-]{36}\) as admin\.\.\.$/)]);
    expect(lines.slice(3)).toEqual(['', 'User created successfully.', expect.stringMatching(/^ID: {7}[0-9a-f-]{36}$/), 'Username: rescue', 'Email:    rescue@example.com', 'Password: ********', '']);

    const anon = new Client(server!.url);
    const rescue = new Client(server!.url, { sessionToken: (await anon.login('rescue@example.com', 'Resc-ue-Passw0rd!')).session_token });
    const me = await rescue.user('me');
    expect(me.roles.map((r) => r.name)).toEqual(['owner']);
    const org = await rescue.organization('default');
    expect(me.organization_ids).toEqual([org.id]);
    const members = await rescue.request<Array<{ user_id: string; roles: Array<{ name: string }> }>>('GET', `/api/v2/organizations/${org.id}/members`);
    expect(members.find((m) => m.user_id === me.id)?.roles.map((r) => r.name)).toEqual(['organization-admin']);
    expect((await rescue.request<{ public_key: string }>('GET', '/api/v2/users/me/gitsshkey')).public_key).toMatch(/^ssh-ed25519 /);
  });

  it('takes its values from CODER_* variables and a URL', async () => {
    const env = {
      CODER_PG_CONNECTION_URL: server!.ctx.db.url,
      CODER_USERNAME: 'fromenv',
      CODER_EMAIL: 'fromenv@example.com',
      CODER_PASSWORD: 'Fr0m-the-Envir0nment!',
    };
    const res = await runCli(['--global-config', mkdtempSync(path.join(os.tmpdir(), 'warren-admin-none-')), 'server', 'create-admin-user'], env);
    expect(res.stderr).toContain('User created successfully.');
    expect(res.stdout).toBe('');
    expect(await loginStatus(new Client(server!.url), 'fromenv@example.com', 'Fr0m-the-Envir0nment!')).toBe(200);
  });

  it('asks on standard input for what flags do not give', async () => {
    const res = await warren(['server', 'create-admin-user'], 'asked\nasked@example.com\nAsk3d-Passw0rd-Here!\nAsk3d-Passw0rd-Here!\n');
    expect(res.stderr).toContain('User created successfully.');
    expect(await loginStatus(new Client(server!.url), 'asked', 'Ask3d-Passw0rd-Here!')).toBe(200);
  });

  it('refuses invalid values with sentences', async () => {
    const create = (...flags: string[]) => runCli(['--global-config', configDir, 'server', 'create-admin-user', ...flags]);
    const base = ['--username', 'someone', '--email', 'someone@example.com', '--password', 'S0meone-Passw0rd!'];
    expect((await create('--username', 'rescue', '--email', 'other@example.com', '--password', 'S0meone-Passw0rd!')).stderr).toBe('Creating user...\nerror: A user with this username already exists.\n');
    expect((await create('--username', 'bad name', '--email', 'x@example.com', '--password', 'S0meone-Passw0rd!')).stderr).toMatch(/^error: Username: .+/);
    expect((await create('--username', 'someone', '--email', 'not-an-email', '--password', 'S0meone-Passw0rd!')).stderr).toBe('error: Email: Must be a valid email address.\n');
    expect((await create('--username', 'someone', '--email', 'x@example.com', '--password', 'short')).stderr).toBe('error: Password must be at least 6 characters long.\n');
    expect((await create(...base, '--ssh-keygen-algorithm', 'rsa4096')).stderr).toBe('error: --ssh-keygen-algorithm "rsa4096" is not supported: Warren generates ed25519 keys.\n');
    expect(await loginStatus(new Client(server!.url), 'someone@example.com', 'S0meone-Passw0rd!')).toBe(401);
  });
});

describe('with the server stopped', () => {
  it('starts the built-in database itself, and stops it again', async () => {
    await stop();
    const res = await warren(['reset-password', 'owner'], 'Wh1le-Stopped-Passw0rd!\nWh1le-Stopped-Passw0rd!\n');
    expect(res).toMatchObject({ code: 0, stdout: '\nPassword has been reset for user owner!\n' });
    // The database was stopped and its folder unlocked: a server starts on it again.
    const anon = await start();
    expect(await loginStatus(anon, OWNER.email, 'Wh1le-Stopped-Passw0rd!')).toBe(200);
  }, 120_000);
});
