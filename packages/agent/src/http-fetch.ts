/**
 * The part of `fetch` the agent uses (method, headers, a string body, a signal; status and text
 * back), on node:http and node:https. Node's global fetch loads undici, which holds about 20 MB
 * more resident memory than this for the life of the process. Connections are kept alive, as
 * fetch does.
 */
import http from 'node:http';
import https from 'node:https';

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** What the agent's HTTP clients accept: the global fetch, this module's, or a test's. */
export type FetchLike = (url: URL, init?: FetchInit) => Promise<FetchResponse>;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 2, timeout: 60_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 2, timeout: 60_000 }),
};

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });

export const httpFetch: FetchLike = (url, init = {}) =>
  new Promise<FetchResponse>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) return reject(abortError(signal));
    const lib = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers: Record<string, string | number> = { ...init.headers };
    if (body) headers['Content-Length'] = body.length;
    const req = lib.request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let failure: Error | undefined;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => (failure = err));
      const text = new Promise<string>((ok, fail) => {
        res.once('end', () => ok(Buffer.concat(chunks).toString('utf8')));
        res.once('close', () => (res.complete ? undefined : fail(failure ?? new Error('The response ended early.'))));
      });
      text.catch(() => undefined);
      const status = res.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 300, status, text: () => text });
    });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal?.removeEventListener('abort', onAbort));
    req.once('error', reject);
    req.end(body);
  });
