/**
 * What SSH clients forward through the real agent process: a real ssh-agent (OpenSSH `-A` and
 * ssh2's agentForward), remote TCP and unix socket forwards (OpenSSH `-R`, ssh2's forwardIn),
 * and the `udp` stream kind (one message per datagram).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketStream } from 'ws';
import { AgentPeer } from './testing/peer';
import { spawnAgent, type SpawnedAgent } from './testing/spawn-agent';

const TOKEN = '6e1d8b9f-2c3a-4f4b-8e7d-8a9b0c1d2e3f';
const run = promisify(execFile);
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function exec(c: Client, command: string): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, stream) => {
      if (err) return reject(err);
      let out = '';
      let code: number | null = null;
      stream.on('data', (d: Buffer) => (out += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (out += d.toString()));
      stream.on('exit', (n: number) => (code = n));
      stream.on('close', () => resolve({ out, code }));
    });
  });
}

describe('forwarding through the agent', () => {
  let peer: AgentPeer;
  let agent: SpawnedAgent;
  let sshAgent: ChildProcess;
  let tmp: string;
  let authSock: string;
  let fingerprint: string;

  beforeAll(async () => {
    peer = new AgentPeer({ token: TOKEN, reportIntervalNs: 1_000_000_000, manifest: { agent_id: 'c0ffee00-0000-4000-8000-0000000000ab', directory: '' } });
    agent = spawnAgent(await peer.listen(), TOKEN);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'warren-fwd-'));
    authSock = path.join(tmp, 'agent.sock');
    sshAgent = spawn('ssh-agent', ['-D', '-a', authSock], { stdio: 'ignore' });
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'forwarded-key@test', '-f', path.join(tmp, 'id')]);
    await peer.waitFor(() => existsSync(authSock), 10_000, 'ssh-agent socket');
    await run('ssh-add', [path.join(tmp, 'id')], { env: { ...process.env, SSH_AUTH_SOCK: authSock } });
    fingerprint = (await run('ssh-keygen', ['-l', '-f', path.join(tmp, 'id.pub')])).stdout.split(' ')[1]!;
    await peer.waitFor(() => peer.calls('report-lifecycle').length >= 2, 15_000, 'agent ready');
  }, 30_000);

  afterAll(async () => {
    sshAgent?.kill();
    await agent?.stop();
    await peer?.close();
  });

  it('forwards a real ssh-agent to OpenSSH -A sessions and not to others', async () => {
    const port = await peer.relay({ kind: 'ssh' });
    const env = { ...process.env, SSH_AUTH_SOCK: authSock };
    const listed = await run('ssh', [...SSH_OPTS, '-A', '-p', String(port), 'dev@127.0.0.1', 'ssh-add -l; echo "sock=$SSH_AUTH_SOCK"'], { env });
    expect(listed.stdout).toContain(fingerprint);
    expect(listed.stdout).toContain('forwarded-key@test');
    const sock = /sock=(\S+)/.exec(listed.stdout)![1]!;
    expect(sock).not.toBe(authSock);
    // The socket and its folder go away with the connection.
    await peer.waitFor(() => !existsSync(sock), 5000, 'the forwarded socket to be removed');
    const without = await run('ssh', [...SSH_OPTS, '-a', '-p', String(port), 'dev@127.0.0.1', 'echo "sock=$SSH_AUTH_SOCK"'], { env });
    expect(without.stdout).toBe('sock=\n');
  }, 30_000);

  it('forwards the agent to ssh2 clients, to every session after the request', async () => {
    const ws = await peer.dial({ kind: 'ssh' });
    const c = await new Promise<Client>((resolve, reject) => {
      const client = new Client();
      client.on('ready', () => resolve(client)).on('error', reject);
      client.connect({ sock: createWebSocketStream(ws) as never, username: 'anyone', agent: authSock, agentForward: true, authHandler: ['none'] });
    });
    try {
      expect((await exec(c, 'ssh-add -l')).out).toContain(fingerprint);
      expect((await exec(c, 'ssh-add -l')).out).toContain(fingerprint);
    } finally {
      c.end();
    }
  });

  it('serves OpenSSH -R: a workspace port and a workspace socket reach client-side servers', async () => {
    const web = http.createServer((_req, res) => res.end('hello from the client side'));
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
    const localSock = path.join(tmp, 'client-web.sock');
    const unixWeb = http.createServer((_req, res) => res.end('hello over a unix socket'));
    await new Promise<void>((r) => unixWeb.listen(localSock, r));
    try {
      const port = await peer.relay({ kind: 'ssh' });
      const remotePort = await freePort();
      const remoteSock = path.join(tmp, 'nested', 'workspace.sock');
      const webPort = (web.address() as AddressInfo).port;
      const out = await run('ssh', [
        ...SSH_OPTS, '-o', 'ExitOnForwardFailure=yes', '-p', String(port),
        '-R', `${remotePort}:127.0.0.1:${webPort}`, '-R', `${remoteSock}:${localSock}`, 'dev@127.0.0.1',
        `curl -sS http://127.0.0.1:${remotePort}/; echo; curl -sS --unix-socket ${remoteSock} http://x/`,
      ]);
      expect(out.stdout).toBe('hello from the client side\nhello over a unix socket');
      // Both listeners close with the connection.
      await peer.waitFor(() => !existsSync(remoteSock), 5000, 'the remote socket to be removed');
      await expect(
        new Promise((resolve, reject) => net.connect(remotePort, '127.0.0.1').once('connect', resolve).once('error', reject)),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      web.close();
      unixWeb.close();
    }
  }, 30_000);

  it('serves ssh2 forwardIn with a port the agent chooses', async () => {
    const ws = await peer.dial({ kind: 'ssh' });
    const c = await new Promise<Client>((resolve, reject) => {
      const client = new Client();
      client.on('ready', () => resolve(client)).on('error', reject);
      client.connect({ sock: createWebSocketStream(ws) as never, username: 'anyone' });
    });
    c.on('tcp connection', (_info, accept) => {
      const ch = accept();
      ch.end('from the ssh2 client');
    });
    try {
      const chosen = await new Promise<number>((resolve, reject) => c.forwardIn('127.0.0.1', 0, (err, p) => (err ? reject(err) : resolve(p))));
      expect(chosen).toBeGreaterThan(0);
      const got = await new Promise<string>((resolve, reject) => {
        let text = '';
        net.connect(chosen, '127.0.0.1').on('data', (d) => (text += d.toString())).once('end', () => resolve(text)).once('error', reject);
      });
      expect(got).toBe('from the ssh2 client');
    } finally {
      c.end();
    }
  });

  it('carries UDP datagrams both ways, one message per datagram', async () => {
    const echo = dgram.createSocket('udp4');
    echo.on('message', (msg, rinfo) => echo.send(Buffer.concat([Buffer.from('echo:'), msg]), rinfo.port, rinfo.address));
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
    try {
      const ws = await peer.dial({ kind: 'udp', port: echo.address().port });
      const got: string[] = [];
      ws.on('message', (d: Buffer) => got.push(d.toString()));
      const sizes = [1, 1200, 9000];
      for (const n of sizes) ws.send(Buffer.alloc(n, 'x'));
      await peer.waitFor(() => got.length === sizes.length, 5000, 'three echoed datagrams');
      expect(got.map((g) => g.length).sort((a, b) => a - b)).toEqual(sizes.map((n) => n + 5));
      expect(got.every((g) => g.startsWith('echo:x'))).toBe(true);
      ws.close();
    } finally {
      echo.close();
    }
  });

  it('refuses a UDP stream to an invalid port', async () => {
    const before = peer.requests.filter((r) => r.path === 'dial_error').length;
    void peer.dial({ kind: 'udp', port: 70000 });
    const err = await peer.waitFor(() => peer.requests.filter((r) => r.path === 'dial_error')[before], 5000, 'dial error');
    expect(err.body).toMatchObject({ message: 'Port 70000 is not a valid UDP port.' });
  });
});

