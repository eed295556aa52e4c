/** A small typed client of the agent's HTTP routes, authenticated with `Coder-Session-Token`. */
import { SESSION_TOKEN_HEADER } from '@warren/sdk/buildinfo';
import { httpFetch, type FetchLike } from './http-fetch';
import type {
  AppHealthRequest,
  LifecycleRequest,
  LogSourceRequest,
  Manifest,
  MetadataResult,
  PatchLogsRequest,
  ScriptTiming,
  StartupRequest,
  StatsRequest,
  StatsResponse,
} from './wire';

export class AgentApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AgentApiError';
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

export class AgentApi {
  private readonly base: URL;

  constructor(
    baseUrl: string | URL,
    private readonly token: string,
    private readonly fetchImpl: FetchLike = httpFetch,
  ) {
    this.base = new URL(baseUrl);
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
  }

  /** The URL of an API path (`/api/v2/...`), relative to the access URL's path. */
  url(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.base);
  }

  get headers(): Record<string, string> {
    return { [SESSION_TOKEN_HEADER]: this.token };
  }

  async request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const res = await this.fetchImpl(this.url(path), {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await res.text();
    if (!res.ok) {
      let message = `${method} ${path} answered ${res.status}.`;
      try {
        const parsed = JSON.parse(text) as { message?: string; detail?: string };
        if (parsed.message) message = `${parsed.message}${parsed.detail ? ` ${parsed.detail}` : ''}`;
      } catch {
        // A body that is not JSON keeps the generic message.
      }
      throw new AgentApiError(res.status, message);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  manifest(signal?: AbortSignal): Promise<Manifest> {
    return this.request('GET', '/api/v2/workspaceagents/me/manifest', undefined, signal);
  }
  startup(body: StartupRequest, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/startup', body, signal);
  }
  lifecycle(body: LifecycleRequest, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/report-lifecycle', body, signal);
  }
  logSource(body: LogSourceRequest, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/log-source', body, signal);
  }
  patchLogs(body: PatchLogsRequest, signal?: AbortSignal): Promise<unknown> {
    return this.request('PATCH', '/api/v2/workspaceagents/me/logs', body, signal);
  }
  reportStats(body: StatsRequest | Record<string, never>, signal?: AbortSignal): Promise<StatsResponse> {
    return this.request('POST', '/api/v2/workspaceagents/me/report-stats', body, signal);
  }
  metadata(metadata: MetadataResult[], signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/metadata', { metadata }, signal);
  }
  scriptCompleted(timing: ScriptTiming, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/script-completed', { timing }, signal);
  }
  appHealth(body: AppHealthRequest, signal?: AbortSignal): Promise<unknown> {
    return this.request('POST', '/api/v2/workspaceagents/me/app-health', body, signal);
  }
}
