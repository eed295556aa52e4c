import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runWarren } from '../../../cli/src/process.testkit';
import { makeCertificate, type TestCertificate } from '../../../../test/support/certificates';
import { OWNER, startTestServer, type TestServer } from '../../../../test/support/server';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The common name of the certificate the server presented (HTTPS only). */
  peerName?: string;
}

/** POSTs JSON over HTTPS, trusting `ca`. */
async function postJson(url: URL, body: unknown, ca: string): Promise<Answer> {
  return request(url, { ca, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function request(url: URL, options: https.RequestOptions & { body?: string } = {}): Promise<Answer> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { agent: false, ...options }, (res) => {
      const peer = (res.socket as TLSSocket).getPeerCertificate?.();
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, peerName: [peer?.subject?.CN].flat()[0] }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('TLS listener', () => {
  let main: TestCertificate;
  let other: TestCertificate;
  let server: TestServer;
  let token: string;
  let loginCookie: string;

  beforeAll(async () => {
    main = makeCertificate('warren-main', ['localhost', '127.0.0.1']);
    other = makeCertificate('warren-other', ['other.test']);
    server = await startTestServer({
      flags: {
        'tls-enable': 'true',
        'tls-address': '127.0.0.1:0',
        'tls-cert-file': [main.certFile, other.certFile].join(','),
        'tls-key-file': [main.keyFile, other.keyFile].join(','),
        'access-url': 'https://127.0.0.1:0',
        'redirect-to-access-url': 'true',
        'strict-transport-security': '600',
        'strict-transport-security-options': 'includeSubDomains,preload',
      },
    });
    // Plain HTTP redirects to the https access URL here, so the owner is made over TLS.
    expect((await postJson(new URL('/api/v2/users/first', server.tlsUrl), OWNER, main.pem)).status).toBe(201);
    const login = await postJson(new URL('/api/v2/users/login', server.tlsUrl), { email: OWNER.email, password: OWNER.password }, main.pem);
    expect(login.status).toBe(201);
    loginCookie = String(login.headers['set-cookie']);
    token = (JSON.parse(login.body) as { session_token: string }).session_token;
  });
  afterAll(() => server?.close());

  it('serves HTTPS on --tls-address and plain HTTP on --http-address, both at once', () => {
    expect(server.tlsUrl?.protocol).toBe('https:');
    expect(server.url.protocol).toBe('http:');
    expect(server.accessUrl.toString()).toBe(`${server.tlsUrl!.origin}/`);
  });

  it('answers over TLS with a certificate the client trusts, with Strict-Transport-Security', async () => {
    const res = await request(new URL('/api/v2/buildinfo', server.tlsUrl), { ca: main.pem });
    expect(res.status).toBe(200);
    expect(res.peerName).toBe('warren-main');
    expect(res.headers['strict-transport-security']).toBe('max-age=600; includeSubDomains; preload');
    expect(JSON.parse(res.body)).toHaveProperty('version');
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(request(new URL('/api/v2/buildinfo', server.tlsUrl))).rejects.toThrow(/self[- ]signed/i);
  });

  it('presents the certificate that names the host the client asks for (SNI), the first one otherwise', async () => {
    const res = await request(new URL('/api/v2/buildinfo', server.tlsUrl), { ca: other.pem, servername: 'other.test', headers: { host: server.tlsUrl!.host } });
    expect(res.status).toBe(200);
    expect(res.peerName).toBe('warren-other');
    const unnamed = await request(new URL('/api/v2/buildinfo', server.tlsUrl), { ca: main.pem, servername: 'unknown.test', checkServerIdentity: () => undefined, headers: { host: server.tlsUrl!.host } });
    expect(unnamed.peerName).toBe('warren-main');
  });

  it('refuses TLS older than --tls-min-version (tls12 by default)', async () => {
    await expect(request(new URL('/api/v2/buildinfo', server.tlsUrl), { ca: main.pem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' })).rejects.toThrow();
  });

  it('sets the session cookie Secure when logging in over TLS', () => {
    expect(loginCookie).toMatch(/HttpOnly/i);
    expect(loginCookie).toMatch(/; Secure/i);
  });

  it('redirects plain HTTP and other hosts to the https access URL with --redirect-to-access-url', async () => {
    const plain = await request(new URL('/workspaces?x=1', server.url));
    expect(plain.status).toBe(307);
    expect(plain.headers.location).toBe(`${server.tlsUrl!.origin}/workspaces?x=1`);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const otherHost = await request(new URL('/api/v2/buildinfo', server.tlsUrl), { ca: main.pem, servername: 'localhost', headers: { host: 'elsewhere.example' } });
    expect(otherHost.status).toBe(307);
    expect(otherHost.headers.location).toBe(`${server.tlsUrl!.origin}/api/v2/buildinfo`);
  });

  it('carries WebSockets over TLS', async () => {
    const ws = new WebSocket(new URL('/api/v2/debug/ws', server.tlsUrl!.toString().replace(/^https/, 'wss')), { ca: main.pem, headers: { 'Coder-Session-Token': token } });
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('over tls'));
      ws.on('message', (data) => resolve(String(data)));
      ws.on('error', reject);
    });
    ws.close();
    expect(echoed).toBe('over tls');
  });

  it('lets the CLI talk to it when NODE_EXTRA_CA_CERTS names the certificate, and not otherwise', async () => {
    const env = { CODER_URL: server.tlsUrl!.toString(), CODER_CONFIG_DIR: '/nonexistent-warren-config' };
    const trusted = await runWarren(['users', 'list', '--token', token], { ...env, NODE_EXTRA_CA_CERTS: main.certFile });
    expect(trusted.output).toContain('owner');
    expect(trusted.code).toBe(0);
    const untrusted = await runWarren(['users', 'list', '--token', token], env);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.output).toMatch(/TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\).*NODE_EXTRA_CA_CERTS/);
  }, 120_000);
});

describe('TLS only', () => {
  it('serves HTTPS alone when --http-address is empty, and refuses a certificate without its key', async () => {
    const cert = makeCertificate('warren-only', ['127.0.0.1']);
    await expect(
      startTestServer({ flags: { 'http-address': '', 'tls-enable': 'true', 'tls-address': '127.0.0.1:0', 'tls-cert-file': cert.certFile } }),
    ).rejects.toThrow(/must come in pairs|at least one/);
    const server = await startTestServer({
      flags: { 'http-address': '', 'tls-enable': 'true', 'tls-address': '127.0.0.1:0', 'tls-cert-file': cert.certFile, 'tls-key-file': cert.keyFile, 'tls-min-version': 'tls13' },
    });
    try {
      expect(server.url.protocol).toBe('https:');
      expect(server.accessUrl.protocol).toBe('https:');
      const res = await request(new URL('/healthz', server.url), { ca: cert.pem });
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toBeUndefined(); // not asked for
      await expect(request(new URL('/healthz', server.url), { ca: cert.pem, maxVersion: 'TLSv1.2' })).rejects.toThrow();
    } finally {
      await server.close();
    }
  });
});
