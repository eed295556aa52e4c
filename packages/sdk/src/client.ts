import type { APIKey, CreateTokenRequest, GenerateAPIKeyResponse } from './apikeys';
import { SESSION_TOKEN_HEADER, type BuildInfoResponse } from './buildinfo';
import type { Response as CoderResponse } from './errors';
import type { Organization, OrganizationMemberWithUserData } from './organizations';
import type {
  CreateFirstUserRequest,
  CreateFirstUserResponse,
  CreateUserRequest,
  GetUsersResponse,
  LoginWithPasswordResponse,
  User,
} from './users';

/** An error answered by the server, carrying Coder's response body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly response: CoderResponse,
  ) {
    super(response.detail ? `${response.message} ${response.detail}` : response.message);
    this.name = 'ApiError';
  }
}

export interface ClientOptions {
  sessionToken?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/** A typed client of Warren's (and Coder's) `/api/v2`. Browser-safe. */
export class Client {
  readonly url: URL;
  sessionToken: string | undefined;
  private readonly doFetch: typeof fetch;
  private readonly headers: Record<string, string>;

  constructor(url: string | URL, options: ClientOptions = {}) {
    this.url = new URL(url);
    this.sessionToken = options.sessionToken;
    this.doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = options.headers ?? {};
  }

  /** Sends a request and returns the raw response; the caller handles the status. */
  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<globalThis.Response> {
    const init: RequestInit = { method, headers: { ...this.headers, ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.sessionToken) h[SESSION_TOKEN_HEADER] = this.sessionToken;
    if (body instanceof Uint8Array) {
      init.body = body;
    } else if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return this.doFetch(new URL(path, this.url), init);
  }

  /** Sends a request and returns the decoded JSON body, or throws ApiError. */
  async request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.raw(method, path, body, headers);
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, parseError(res.status, text));
    if (res.status === 204 || text === '') return undefined as T;
    return JSON.parse(text) as T;
  }

  buildInfo = () => this.request<BuildInfoResponse>('GET', '/api/v2/buildinfo');

  async hasFirstUser(): Promise<boolean> {
    const res = await this.raw('GET', '/api/v2/users/first');
    await res.body?.cancel();
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new ApiError(res.status, { message: `Unexpected status ${res.status} checking for the first user.` });
  }

  createFirstUser = (req: CreateFirstUserRequest) =>
    this.request<CreateFirstUserResponse>('POST', '/api/v2/users/first', req);

  login = (email: string, password: string) =>
    this.request<LoginWithPasswordResponse>('POST', '/api/v2/users/login', { email, password });

  logout = () => this.request<CoderResponse>('POST', '/api/v2/users/logout');

  user = (user = 'me') => this.request<User>('GET', `/api/v2/users/${enc(user)}`);

  users(params: { q?: string; limit?: number; offset?: number } = {}) {
    return this.request<GetUsersResponse>('GET', `/api/v2/users${query(params)}`);
  }

  createUser = (req: CreateUserRequest) => this.request<User>('POST', '/api/v2/users', req);

  updateUserStatus = (user: string, status: 'activate' | 'suspend') =>
    this.request<User>('PUT', `/api/v2/users/${enc(user)}/status/${status}`);

  updateUserRoles = (user: string, roles: string[]) =>
    this.request<User>('PUT', `/api/v2/users/${enc(user)}/roles`, { roles });

  createToken = (user: string, req: CreateTokenRequest) =>
    this.request<GenerateAPIKeyResponse>('POST', `/api/v2/users/${enc(user)}/keys/tokens`, req);

  tokens = (user: string, includeAll = false) =>
    this.request<APIKey[]>('GET', `/api/v2/users/${enc(user)}/keys/tokens${includeAll ? '?include_all=true' : ''}`);

  tokenByName = (user: string, name: string) =>
    this.request<APIKey>('GET', `/api/v2/users/${enc(user)}/keys/tokens/${enc(name)}`);

  deleteAPIKey = (user: string, keyId: string) =>
    this.request<void>('DELETE', `/api/v2/users/${enc(user)}/keys/${enc(keyId)}`);

  organizations = () => this.request<Organization[]>('GET', '/api/v2/organizations');

  organization = (org: string) => this.request<Organization>('GET', `/api/v2/organizations/${enc(org)}`);

  userOrganizations = (user = 'me') =>
    this.request<Organization[]>('GET', `/api/v2/users/${enc(user)}/organizations`);

  organizationMembers = (org: string) =>
    this.request<OrganizationMemberWithUserData[]>('GET', `/api/v2/organizations/${enc(org)}/members`);
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function parseError(status: number, text: string): CoderResponse {
  try {
    const body = JSON.parse(text) as Partial<CoderResponse>;
    if (typeof body.message === 'string') return body as CoderResponse;
  } catch {
    // fall through: the body was not JSON
  }
  return { message: `The server answered ${status}.`, detail: text.slice(0, 500) };
}
