// Git SSH keys and the WebSocket echo against a real server: key shape and lifetime, who may see
// whose key, and that the stored private key is one OpenSSH reads and derives the public key from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, SESSION_TOKEN_HEADER, type Client, type GitSSHKey } from '@warren/sdk';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
let owner: Client;
let member: Client;
let memberId: string;

beforeAll(async () => {
  server = await startTestServer();
  ({ client: owner } = await withOwner(server));
  memberId = (await owner.createUser({ email: 'm@example.com', username: 'member', password: 'An0ther-Secret-Passw0rd!' })).id;
  member = server.client((await server.client().login('m@example.com', 'An0ther-Secret-Passw0rd!')).session_token);
});
afterAll(() => server?.close());

const key = (c: Client, user = 'me') => c.request<GitSSHKey>('GET', `/api/v2/users/${user}/gitsshkey`);
const statusOf = (p: Promise<unknown>) => p.then(() => 200, (e: ApiError) => e.status);

describe('git ssh keys', () => {
  it('generates an ed25519 key on first use and keeps it', async () => {
    const first = await key(member);
    expect(Object.keys(first).sort()).toEqual(['created_at', 'public_key', 'updated_at', 'user_id']);
    expect(first.user_id).toBe(memberId);
    expect(first.public_key).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43}=?\n$/);
    expect(await key(member)).toEqual(first);
  });

  it('stores a private key OpenSSH accepts and that matches the public key', async () => {
    const { public_key } = await key(member);
    const { rows } = await server.ctx.db.query<{ private_key: string }>('SELECT private_key FROM gitsshkeys WHERE user_id = $1', [memberId]);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'warren-key-')), 'id_ed25519');
    writeFileSync(file, rows[0]!.private_key, { mode: 0o600 });
    const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' });
    expect(derived.trim()).toBe(public_key.trim());
    expect(execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' })).toMatch(/^256 SHA256:\S+ .*\(ED25519\)/);
  });

  it('regenerates on PUT, keeping the creation time', async () => {
    const before = await key(member);
    const after = await member.request<GitSSHKey>('PUT', '/api/v2/users/me/gitsshkey');
    expect(after.public_key).not.toBe(before.public_key);
    expect(after.created_at).toBe(before.created_at);
    expect(Date.parse(after.updated_at)).toBeGreaterThanOrEqual(Date.parse(before.updated_at));
    expect(await key(member)).toEqual(after);
  });

  it("hides other users' keys from members but not from the owner", async () => {
    const ownerKey = await key(owner);
    expect(await statusOf(key(member, 'owner'))).toBe(404);
    expect(await statusOf(member.request('PUT', '/api/v2/users/owner/gitsshkey'))).toBe(404);
    expect((await key(owner, 'member')).user_id).toBe(memberId);
    expect(await key(owner)).toEqual(ownerKey);
    expect(await statusOf(key(server.client()))).toBe(401);
  });
});

describe('the WebSocket echo', () => {
  const url = () => new URL('/api/v2/debug/ws', server.url.toString().replace(/^http/, 'ws'));

  it('returns every message as sent, text and binary', async () => {
    const ws = new WebSocket(url(), { headers: { [SESSION_TOKEN_HEADER]: member.sessionToken! } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const next = () => new Promise<{ data: Buffer; binary: boolean }>((resolve) => ws.once('message', (data, binary) => resolve({ data: data as Buffer, binary })));
    let reply = next();
    ws.send('hello');
    expect(await reply).toEqual({ data: Buffer.from('hello'), binary: false });
    reply = next();
    ws.send(Buffer.from([0, 1, 2, 255]));
    expect(await reply).toEqual({ data: Buffer.from([0, 1, 2, 255]), binary: true });
    ws.close();
  });

  it('refuses callers without a session', async () => {
    const ws = new WebSocket(url());
    const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(401);
  });
});
