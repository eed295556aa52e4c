/**
 * Client streams through the real agent process: reconnecting terminals, SSH (ssh2's client and
 * the system OpenSSH client, including scp over SFTP) and TCP forwarding.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { createWebSocketStream } from 'ws';
import { AgentPeer } from './testing/peer';
import { expectWholeRawTransfer, transferOverRawDialBack } from './testing/raw-transfer';
import { spawnAgent, type SpawnedAgent } from './testing/spawn-agent';
import type { StatsRequest } from './wire';

const TOKEN = '5d0c7a8e-1b2f-4e3a-9d6c-7f8e9a0b1c2d';
const run = promisify(execFile);

/** Collects a stream's output until `pattern` shows up. */
function reader(ws: WebSocket) {
  let text = '';
  const frames: string[] = [];
  ws.on('message', (d: Buffer) => {
    frames.push(d.toString());
    text += d.toString();
  });
  return {
    frames,
    text: () => text,
    async until(pattern: RegExp, ms = 8000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}; got ${JSON.stringify(text.slice(-400))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

const input = (ws: WebSocket, data: string) => ws.send(Buffer.from(JSON.stringify({ data })));

function sshClient(ws: WebSocket): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c)).on('error', reject);
    c.connect({ sock: createWebSocketStream(ws) as never, username: 'anyone' });
  });
}

function exec(c: Client, command: string, opts: { pty?: boolean } = {}) {
  return new Promise<{ out: string; err: string; code: number | null }>((resolve, reject) => {
    c.exec(command, opts.pty ? { pty: { rows: 30, cols: 90, term: 'xterm' } } : {}, (err, stream) => {
      if (err) return reject(err);
      let out = '';
      let errOut = '';
      let code: number | null = null;
      stream.on('data', (d: Buffer) => (out += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
      stream.on('exit', (c: number) => (code = c));
      stream.on('close', () => resolve({ out, err: errOut, code }));
    });
  });
}

const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR'];

describe('client streams through the agent', () => {
  let peer: AgentPeer;
  let agent: SpawnedAgent;

  beforeAll(async () => {
    peer = new AgentPeer({ token: TOKEN, reportIntervalNs: 100_000_000, manifest: { agent_id: 'c0ffee00-0000-4000-8000-0000000000aa', directory: '' } });
    agent = spawnAgent(await peer.listen(), TOKEN, { CODER_AGENT_RECONNECTING_PTY_TIMEOUT: '1s' });
    await peer.waitFor(() => peer.calls('report-lifecycle').length >= 2, 15_000, 'agent ready');
  }, 20_000);

  afterAll(async () => {
    if (process.env.AGENT_DEBUG) console.log(agent.output());
    await agent?.stop();
    await peer?.close();
  });

  it('keeps a terminal across reconnects and replays its scrollback', async () => {
    const first = await peer.dial({ kind: 'pty', reconnect: 'r-1', width: 80, height: 24 });
    const out1 = reader(first);
    await out1.until(/[$#] $/); // the shell's prompt: typing before it races the shell's tty setup
    input(first, 'echo marker-$((40+2))\r');
    await out1.until(/marker-42/);
    first.send(Buffer.from(JSON.stringify({ height: 33, width: 101 })));
    input(first, 'stty size\r');
    await out1.until(/33 101/);
    first.close();
    await new Promise((r) => setTimeout(r, 100));

    const second = await peer.dial({ kind: 'pty', reconnect: 'r-1', width: 80, height: 24 });
    const out2 = reader(second);
    await out2.until(/marker-42/); // replayed from the scrollback
    await out2.until(/[$#] $/);
    input(second, 'echo again-$((1+1))\r');
    await out2.until(/again-2/);
    const closed = new Promise<number>((r) => second.once('close', (code) => r(code)));
    input(second, 'exit\r');
    expect(await closed).toBe(1000);
  }, 20_000);

  it('ends a terminal left without clients after the idle timeout', async () => {
    const first = await peer.dial({ kind: 'pty', reconnect: 'r-idle', width: 80, height: 24 });
    const out1 = reader(first);
    await out1.until(/[$#] $/);
    input(first, 'echo idle-$((2*3))\r');
    await out1.until(/idle-6/);
    first.close();
    await new Promise((r) => setTimeout(r, 1600));
    const second = await peer.dial({ kind: 'pty', reconnect: 'r-idle', width: 80, height: 24 });
    const out2 = reader(second);
    await out2.until(/[$#] $/);
    expect(out2.text()).not.toContain('idle-6'); // a new terminal: nothing to replay
    second.close();
  }, 15_000);

  it('holds terminal output while a client is slow, without losing any', async () => {
    const total = 4_000_000;
    const ws = await peer.dial({ kind: 'pty', reconnect: 'r-flood', width: 80, height: 24, command: `head -c ${total} /dev/zero | tr '\\0' a; sleep 0.2` });
    let count = 0;
    ws.on('message', (d: Buffer) => {
      for (const b of d) if (b === 0x61) count++;
    });
    ws.pause(); // a client that stops reading: TCP fills up, the agent pauses the terminal
    await new Promise((r) => setTimeout(r, 700));
    ws.resume();
    await new Promise((r) => ws.once('close', r));
    expect(count).toBe(total);
  }, 20_000);

  it('runs a terminal command and ends the session when it exits', async () => {
    const ws = await peer.dial({ kind: 'pty', reconnect: 'r-2', width: 80, height: 24, command: 'echo only-this; exit 0' });
    const out = reader(ws);
    await new Promise((r) => ws.once('close', r));
    expect(out.text()).toContain('only-this');
  });

  it('counts terminal and ssh sessions in the stats', async () => {
    const ws = await peer.dial({ kind: 'pty', reconnect: 'r-3', width: 80, height: 24 });
    const seen = peer.calls('report-stats').length;
    const stat = await peer.waitFor(
      () => peer.calls('report-stats').slice(seen).map((r) => r.body as StatsRequest).find((b) => b.session_count_reconnecting_pty === 1),
      5000,
      'pty session in stats',
    );
    expect(stat.connections_by_proto).toMatchObject({ reconnecting_pty: 1 });
    expect(stat.connection_count).toBe(1);
    ws.close();
  });

  it('runs exec over SSH with exit codes, stderr and a pty', async () => {
    const c = await sshClient(await peer.dial({ kind: 'ssh' }));
    try {
      expect(await exec(c, 'echo out; echo err >&2; exit 7')).toEqual({ out: 'out\n', err: 'err\n', code: 7 });
      const tty = await exec(c, 'tty -s && stty size', { pty: true });
      expect(tty.out.trim()).toBe('30 90');
      expect(tty.code).toBe(0);
      const shell = await new Promise<{ out: () => string; stream: import('ssh2').ClientChannel }>((res, rej) =>
        c.shell({ rows: 20, cols: 70, term: 'xterm' }, (e, stream) => {
          if (e) return rej(e);
          let out = '';
          stream.on('data', (d: Buffer) => (out += d.toString()));
          res({ out: () => out, stream });
        }),
      );
      shell.stream.write('stty size\n');
      await peer.waitFor(() => shell.out().includes('20 70'), 5000, 'initial size');
      shell.stream.setWindow(45, 132, 0, 0);
      await new Promise((r) => setTimeout(r, 100));
      shell.stream.write('stty size; exit 9\n');
      const code = await new Promise<number>((r) => shell.stream.on('exit', (n: number) => r(n)));
      expect(shell.out()).toContain('45 132');
      expect(code).toBe(9);
      const env = await exec(c, 'echo "$HOME $CODER"');
      expect(env.out.trim()).toBe(`${agent.home} true`);
    } finally {
      c.end();
    }
  }, 20_000);

  it('serves SFTP and direct-tcpip over SSH', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const c = await sshClient(await peer.dial({ kind: 'ssh' }));
    try {
      const sftp = await new Promise<import('ssh2').SFTPWrapper>((res, rej) => c.sftp((e, s) => (e ? rej(e) : res(s))));
      const file = path.join(agent.home, 'sftp.txt');
      await new Promise<void>((res, rej) => sftp.writeFile(file, 'via sftp', (e) => (e ? rej(e) : res())));
      expect(readFileSync(file, 'utf8')).toBe('via sftp');
      const names = await new Promise<string[]>((res, rej) => sftp.readdir(agent.home, (e, l) => (e ? rej(e) : res(l.map((x) => x.filename)))));
      expect(names).toContain('sftp.txt');
      const port = (echo.address() as AddressInfo).port;
      const reply = await new Promise<string>((res, rej) =>
        c.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (e, ch) => {
          if (e) return rej(e);
          ch.once('data', (d: Buffer) => (res(d.toString()), ch.end()));
          ch.write('ping');
        }),
      );
      expect(reply).toBe('ping');
    } finally {
      c.end();
      echo.close();
    }
  }, 20_000);

  it('works with the OpenSSH client: exec exit codes and scp', async () => {
    const port = await peer.relay({ kind: 'ssh' });
    const ok = await run('ssh', [...SSH_OPTS, '-p', String(port), 'dev@127.0.0.1', 'echo from-openssh']);
    expect(ok.stdout).toBe('from-openssh\n');
    await expect(run('ssh', [...SSH_OPTS, '-p', String(port), 'dev@127.0.0.1', 'exit 3'])).rejects.toMatchObject({ code: 3 });

    const local = mkdtempSync(path.join(os.tmpdir(), 'warren-scp-'));
    writeFileSync(path.join(local, 'up.txt'), 'uploaded with scp\n');
    await run('scp', [...SSH_OPTS, '-P', String(port), path.join(local, 'up.txt'), `dev@127.0.0.1:${agent.home}/up.txt`]);
    expect(readFileSync(path.join(agent.home, 'up.txt'), 'utf8')).toBe('uploaded with scp\n');
    await run('scp', [...SSH_OPTS, '-P', String(port), `dev@127.0.0.1:${agent.home}/up.txt`, path.join(local, 'down.txt')]);
    expect(readFileSync(path.join(local, 'down.txt'), 'utf8')).toBe('uploaded with scp\n');
  }, 30_000);

  it('forwards a TCP stream to a loopback port', async () => {
    const server = net.createServer((s) => s.on('data', (d) => s.write(`echo:${d.toString()}`)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const ws = await peer.dial({ kind: 'tcp', port: (server.address() as AddressInfo).port });
      const out = reader(ws);
      ws.send(Buffer.from('hello'));
      await out.until(/echo:hello/);
      ws.close();
    } finally {
      server.close();
    }
  });

  it('forwards a TCP stream over a raw dial-back: bytes unframed both ways, whole and in order', async () => {
    expectWholeRawTransfer(await transferOverRawDialBack(peer, 3 << 20, 5 << 20));
  });

  it('dials back a WebSocket for the same stream when the raw upgrade is refused', async () => {
    const server = net.createServer((s) => s.on('data', (d) => s.write(`echo:${d.toString()}`)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    peer.refuseRawStreams = true;
    try {
      const carrier = await peer.dialAny({ kind: 'tcp', port: (server.address() as AddressInfo).port, raw: true });
      expect(carrier).toBeInstanceOf(WebSocket);
      expect(peer.requests.some((r) => r.method === 'UPGRADE')).toBe(true);
      const out = reader(carrier as WebSocket);
      (carrier as WebSocket).send(Buffer.from('hello'));
      await out.until(/echo:hello/);
      (carrier as WebSocket).close();
    } finally {
      peer.refuseRawStreams = false;
      server.close();
    }
  });

  it('bounds what a TCP stream buffers when either reader is slow', async () => {
    const TOTAL = 96 << 20;
    const FRAME = 256 << 10;
    // Kernel socket buffers on the two loopback connections take a few MB whatever the agent does.
    const BOUND = 40 << 20;
    const settle = () => new Promise((r) => setTimeout(r, 1500));
    let portSide!: net.Socket;
    let portReceived = 0;
    const server = net.createServer((s) => {
      portSide = s;
      s.pause();
      s.on('data', (d) => (portReceived += d.length));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const ws = await peer.dial({ kind: 'tcp', port: (server.address() as AddressInfo).port });
      await peer.waitFor(() => portSide, 5000, 'the forwarded connection');

      // Client → port, the port not reading: the agent stops reading the stream, so the sender's bytes stay with the sender.
      const frame = Buffer.alloc(FRAME, 1);
      let flushed = 0;
      for (let sent = 0; sent < TOTAL; sent += FRAME) ws.send(frame, () => (flushed += FRAME));
      await settle();
      expect(flushed).toBeLessThan(BOUND);
      portSide.resume();
      await peer.waitFor(() => portReceived === TOTAL, 20_000, 'every byte at the port');

      // Port → client, the client not reading: the agent stops reading the port.
      ws.pause();
      let received = 0;
      ws.on('message', (d: Buffer) => (received += d.length));
      let written = 0;
      for (let sent = 0; sent < TOTAL; sent += FRAME) portSide.write(frame, () => (written += FRAME));
      await settle();
      expect(written).toBeLessThan(BOUND);
      ws.resume();
      await peer.waitFor(() => received === TOTAL, 20_000, 'every byte at the client');
      ws.close();
    } finally {
      server.close();
    }
  }, 60_000);

  it('tells the server why, and dials nothing back, when nothing listens on the port', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    let dialedBack = false;
    void peer.dial({ kind: 'tcp', port }).then(() => (dialedBack = true));
    const refused = await peer.waitFor(() => peer.requests.find((r) => r.path === 'dial_error'), 10_000, 'the dial error');
    expect(refused.body).toMatchObject({ type: 'dial_error', message: expect.stringMatching(new RegExp(`^Connection to port ${port} failed: .*ECONNREFUSED`)) });
    expect(dialedBack).toBe(false);
  });
});
