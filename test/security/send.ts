import http from 'node:http';
import type { HostileRequest } from './hostile-requests';

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends a request over a keep-alive agent with the path exactly as given (no normalisation of `../`). */
export function send(agent: http.Agent, origin: URL, req: HostileRequest, timeoutMs = 20_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers['Content-Length'] = req.body.length;
    const out = http.request({ agent, host: origin.hostname, port: origin.port, method: req.method, path: req.path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const status = res.statusCode ?? 0;
      // Successful streams (logs, watches) stay open: the status is all the check needs.
      if (status < 400) {
        res.destroy();
        resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body: '' });
        return;
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size < 200_000) chunks.push(c);
      });
      res.on('end', () => resolve({ status, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    out.on('timeout', () => out.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    out.on('error', reject);
    out.end(req.body);
  });
}

/** What is wrong with an error answer, judged against Coder's error body; undefined when nothing is. */
export function errorShapeProblem(answer: Answer): string | undefined {
  if (!answer.contentType.includes('application/json')) return `Content-Type is "${answer.contentType}"`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not an object';
  const { message, detail, validations } = body as Record<string, unknown>;
  if (typeof message !== 'string' || message === '') return '`message` is not a non-empty string';
  if (detail !== undefined && typeof detail !== 'string') return '`detail` is not a string';
  if (validations !== undefined) {
    if (!Array.isArray(validations)) return '`validations` is not an array';
    const bad = validations.find((v: unknown) => typeof v !== 'object' || v === null || typeof (v as { field?: unknown }).field !== 'string' || typeof (v as { detail?: unknown }).detail !== 'string');
    if (bad !== undefined) return `a validation is not {field, detail}: ${JSON.stringify(bad)}`;
  }
  return undefined;
}
