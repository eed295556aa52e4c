import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, fileOf, registerSite } from './serve';

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'warren-site-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("app")'.repeat(50));
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'), gzipSync('console.log("app")'.repeat(50)));
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');
  app = Fastify();
  app.get('/api/v2/buildinfo', async () => ({ version: 'test' }));
  registerSite(app, dir);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serving the dashboard', () => {
  it('answers index.html, uncached and with a content security policy, for the app routes', async () => {
    for (const url of ['/', '/workspaces', '/@alice/dev/terminal?x=1', '/templates/docker/workspace']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('caches hashed assets for a year and serves their precompressed copy', async () => {
    const res = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/javascript/);
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('console.log');
  });

  it('serves other files without long caching', async () => {
    const res = await app.inject({ url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it('answers 404 for missing assets and unknown API routes, and leaves API routes alone', async () => {
    expect((await app.inject({ url: '/assets/gone-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v2/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v2/buildinfo' })).json()).toEqual({ version: 'test' });
  });

  it('never serves files outside its folder', async () => {
    for (const url of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd']) {
      const res = await app.inject({ url });
      expect(res.body, url).not.toContain('root:');
    }
    expect(fileOf(dir, '/%2e%2e/x')).toBe(path.join(dir, 'x'));
    expect(fileOf(dir, '/%E0%A4%A')).toBeUndefined();
  });

  it('explains how to build the dashboard when it is missing', async () => {
    const bare = Fastify();
    registerSite(bare, path.join(dir, 'missing'));
    const res = await bare.inject({ url: '/workspaces' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await bare.close();
  });
});
