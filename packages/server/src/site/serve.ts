/**
 * Serves the dashboard (packages/site's build) for every path the API does not own: files as they
 * are, hashed assets cached for a year, and index.html (no-cache, with a content security policy)
 * for every other path so the single-page app's own routes load (history fallback).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Hashed build outputs (Vite's `assets/`): their names change whenever their bytes do. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Scripts and styles come from this origin only; inline style attributes are allowed (the
 * dashboard's widgets and the terminal position elements with them); template icons may be any
 * https image; WebSockets and event streams go back to this origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warren</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>The dashboard has not been built</h1>
<p>This server is running and its API answers at <code>/api/v2</code>, but the dashboard's files were not found.
Build them with <code>npm run build</code> in the Warren checkout (<code>npm start</code> builds them when they are missing),
or point <code>--site-dir</code> at a built dashboard.</p>
</body></html>`;

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** The file under `root` a URL path names, or undefined when it would leave `root`. */
export function fileOf(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export function registerSite(app: FastifyInstance, siteDir: string): void {
  const root = path.resolve(siteDir);
  void app.register(fastifyStatic, { root, serve: false, preCompressed: true, index: false });

  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .header('X-Frame-Options', 'DENY')
      .header('Referrer-Policy', 'same-origin')
      .sendFile('index.html', root, { cacheControl: false });

  app.get('/*', { config: { public: true } }, async (req, reply) => {
    const urlPath = req.url.split('?')[0]!;
    if (urlPath.startsWith('/api/')) return reply.callNotFound();
    if (!(await isFile(path.join(root, 'index.html')))) {
      return reply.status(503).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    const file = fileOf(root, urlPath);
    if (file && path.basename(file) !== 'index.html' && (await isFile(file))) {
      const rel = path.relative(root, file);
      const hashed = rel.startsWith(`assets${path.sep}`);
      reply.header('Cache-Control', hashed ? IMMUTABLE : 'no-cache');
      return reply.sendFile(rel, root, { cacheControl: false });
    }
    // A missing build output is a 404; any other path is one of the app's own routes.
    if (urlPath.startsWith('/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
