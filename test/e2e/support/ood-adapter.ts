import { randomBytes, randomInt } from 'node:crypto';

// ---------------------------------------------------------------------------------------------
// The adapter, ported from Ruby. Everything below follows batch.rb of each release.

/** A parsed JSON object, untyped as in Ruby. */
export type Json = Record<string, any>;

export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** Net::HTTP as the adapter uses it: a fresh request each time, fixed headers, JSON.parse of every 2xx body. */
export class AdapterHttp {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly token: string) {}

  /** `get_headers`: the same three headers on every request, GETs included (plus what Net::HTTP adds). */
  headers(): Record<string, string> {
    return {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Coder-Session-Token': this.token,
      'User-Agent': 'Ruby',
      'Accept-Encoding': 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3',
    };
  }

  /** `api_call(method, endpoint, headers, body = nil)` */
  async apiCall(method: 'get' | 'post', endpoint: string, body?: Json): Promise<any> {
    const headers = this.headers();
    // `request.body = body.to_json if body`: Ruby's compact JSON, keys in insertion order.
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const res = await fetch(endpoint, { method: method.toUpperCase(), headers, body: payload });
    const text = await res.text();
    const url = new URL(endpoint);
    this.calls.push({ method: method.toUpperCase(), path: url.pathname + url.search, status: res.status, headers, body: payload });
    if (res.status >= 200 && res.status < 300) return JSON.parse(text); // an empty body raises, as in Ruby
    throw new Error(`HTTP Error: ${res.status} ${res.statusText}  for request ${endpoint} and body ${payload}`);
  }
}

/** `coder_state_to_ood_status`, the same in every release. */
export function coderStateToOodStatus(state: unknown): string {
  switch (state) {
    case 'starting':
      return 'queued';
    case 'failed':
      return 'suspended';
    case 'running':
      return 'running';
    case 'deleted':
    case 'stopped':
      return 'completed';
    default:
      return 'undetermined';
  }
}

export interface OodInfo {
  id: string;
  job_name: unknown;
  job_owner: unknown;
  status: string;
  coder_status: string;
  submission_time: number;
  dispatch_time: number;
  wallclock_time: number;
  ood_connection_info: { host: unknown; port: unknown; error_logs?: string[][] };
  native: Record<string, string>;
  workspace: Json;
}

/** Ruby's `String#to_i` on an RFC 3339 time: the leading digits, i.e. the year. */
export const rubyToI = (s: string) => Number(/^\d+/.exec(s)?.[0] ?? 0);

/** `DateTime.parse(s).to_time.to_i`; raises on nil, as the adapter does when `updated_at` is missing. */
export function rubyTimeToI(s: unknown): number {
  if (typeof s !== 'string') throw new Error("no implicit conversion of nil into String");
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`invalid date ${s}`);
  return Math.floor(t / 1000);
}

/** `build_coder_job_info` / `info`: what OOD makes of one workspace JSON (and its build logs). */
export function jobInfo(ws: Json, logs: Json[] | undefined, readPort: boolean): OodInfo {
  const latestBuild = ws.latest_build as Json; // `latest_build.dig` on nil would raise
  if (latestBuild == null) throw new Error("undefined method `dig' for nil");
  const coderStatus = latestBuild.status ?? latestBuild.job?.status;
  const status = coderStateToOodStatus(coderStatus);
  const metadata = (latestBuild.resources as Json[] | undefined)?.find((r) => r.name === 'coder_output')?.metadata as Json[] | undefined;
  const native: Record<string, string> = Object.fromEntries((metadata ?? []).map((m) => [m.key, m.value]));
  const startTime = rubyTimeToI(ws.updated_at);
  // `end_time` compares the mapped OOD state with 'deleted', which never matches: always now.
  const endTime = Math.floor(Date.now() / 1000);
  const connection: OodInfo['ood_connection_info'] = { host: native.floating_ip, port: readPort ? (native.port ?? 80) : 80 };
  if (logs) {
    // `parse_error_logs`: the first `"message": "…"` of each non-empty output, as a one-element array.
    connection.error_logs = logs
      .filter((l) => String(l.output ?? '') !== '')
      .map((l) => {
        const m = /"message":\s*"([^"]+)"/.exec(String(l.output));
        return m ? [m[1]!] : undefined;
      })
      .filter((m): m is string[] => m !== undefined);
  }
  return {
    id: ws.id,
    job_name: ws.workspace_name,
    job_owner: ws.workspace_owner_name,
    status,
    coder_status: coderStatus,
    submission_time: rubyToI(ws.created_at),
    dispatch_time: rubyToI(ws.updated_at),
    wallclock_time: endTime - startTime,
    ood_connection_info: connection,
    native,
    workspace: ws,
  };
}

export interface Script {
  workspace_name: string;
  org_id: string;
  project_id: string | number;
  coder_parameters: Record<string, string>;
  template_version_id?: string;
  template_id?: string;
  template_version_name?: string;
}

/** Stands in for Keystone: application credentials made at submit, revoked only after a "deleted". */
export class FakeKeystone {
  readonly live = new Map<string, { id: string; name: string; secret: string }>();
  create() {
    const cred = { id: randomBytes(16).toString('hex'), name: `OOD_generated_${randomBytes(4).toString('hex')}`, secret: randomBytes(24).toString('base64url') };
    this.live.set(cred.id, cred);
    return cred;
  }
  /** `destroy_credentials(credentials, status, id)`: only the exact value "deleted" revokes. */
  destroy(cred: { id: string }, status: unknown): boolean {
    if (status !== 'deleted') return false;
    return this.live.delete(cred.id);
  }
}

/** PR #960's `NoneCredentials` (`auth.cloud: none`): empty strings for the credential parameters, nothing to revoke. */
export class NoneCredentials extends FakeKeystone {
  override create() {
    return { id: '', name: '', secret: '' };
  }
  override destroy(_cred: { id: string }, status: unknown): boolean {
    return status === 'deleted';
  }
}

/** `"#{username}-#{workspace_name}-#{rand(36**8).to_s(36)}"` */
export const workspaceName = (login: string, name: string) => `${login}-${name}-${randomInt(2_821_109_907_456).toString(36)}`;

/** `get_rich_parameters`: the three credential values, project_id as given, then every coder_parameter stringified. */
export function richParameters(script: Script, cred: { id: string; name: string; secret: string }) {
  return [
    { name: 'application_credential_name', value: cred.name },
    { name: 'application_credential_id', value: cred.id },
    { name: 'application_credential_secret', value: cred.secret },
    { name: 'project_id', value: script.project_id },
    ...Object.entries(script.coder_parameters).map(([name, value]) => ({ name, value: String(value) })),
  ];
}

/** ood_core 0.28.0 / 0.29.0 (PR #871): template_id + template_version_name, owner = OOD login user, id = UUID. */
export class Adapter028 {
  constructor(readonly http: AdapterHttp, readonly host: string, readonly login: string, readonly keystone: FakeKeystone) {}
  readonly credentials = new Map<string, { id: string; name: string; secret: string }>();

  async submit(script: Script): Promise<string> {
    const cred = this.keystone.create(); // made in advance outside the adapter in this release
    const resp = await this.http.apiCall('post', `${this.host}/api/v2/organizations/${script.org_id}/members/${this.login}/workspaces`, {
      template_id: script.template_id,
      template_version_name: script.template_version_name,
      name: workspaceName(this.login, script.workspace_name),
      rich_parameter_values: richParameters(script, cred),
    });
    this.credentials.set(resp.id, cred);
    return resp.id;
  }
  async info(id: string): Promise<OodInfo> {
    return jobInfo(await this.http.apiCall('get', `${this.host}/api/v2/workspaces/${id}?include_deleted=true`), undefined, false);
  }
  async delete(id: string): Promise<void> {
    await this.http.apiCall('post', `${this.host}/api/v2/workspaces/${id}/builds`, { orphan: false, transition: 'delete' });
  }
}

/** ood_core 0.30.0 … 0.31.0 (PR #897 + #915): template_version_id, service_user, id = UUID read from the answer. */
export class Adapter030 {
  constructor(
    readonly http: AdapterHttp,
    readonly host: string,
    readonly serviceUser: string,
    readonly login: string,
    readonly keystone: FakeKeystone,
    readonly config: { credential_deletion_max_attempts?: number; credential_deletion_timeout_interval?: number } = {},
  ) {}
  readonly credentials = new Map<string, { id: string; name: string; secret: string }>();
  readonly printed: string[] = [];
  /** Recorded for the test: the status each wait-loop iteration tested, then the final one. */
  readonly wait: DeleteWait = { loop: [], final: undefined };

  async submit(script: Script): Promise<string> {
    const cred = this.keystone.create();
    const resp = await this.http.apiCall('post', `${this.host}/api/v2/organizations/${script.org_id}/members/${this.serviceUser}/workspaces`, {
      template_version_id: script.template_version_id,
      name: workspaceName(this.login, script.workspace_name),
      rich_parameter_values: richParameters(script, cred),
    });
    this.credentials.set(resp.id, cred);
    return resp.id;
  }
  workspaceJson(id: string): Promise<Json> {
    return this.http.apiCall('get', `${this.host}/api/v2/workspaces/${id}?include_deleted=true`);
  }
  async info(id: string): Promise<OodInfo> {
    return jobInfo(await this.workspaceJson(id), undefined, false);
  }
  async delete(id: string): Promise<boolean> {
    await this.http.apiCall('post', `${this.host}/api/v2/workspaces/${id}/builds`, { orphan: false, transition: 'delete' });
    const cred = this.credentials.get(id)!;
    const max = this.config.credential_deletion_max_attempts ?? 5;
    const interval = this.config.credential_deletion_timeout_interval ?? 10;
    for (let attempt = 0; attempt < max; attempt++) {
      // `break unless workspace_json(id) && workspace_json(id).dig("latest_build", "status") == "deleting"`: two GETs.
      const first = await this.workspaceJson(id);
      const status = first ? (await this.workspaceJson(id)).latest_build?.status : undefined;
      this.wait.loop.push(status);
      if (status !== 'deleting') break;
      this.printed.push(`Deleting workspace (attempt ${attempt + 1}/5)`);
      await sleep(interval * 1000);
    }
    this.wait.final = (await this.workspaceJson(id)).latest_build?.status;
    return this.keystone.destroy(cred, this.wait.final);
  }
}

/** ood_core 0.31.1 and master (PR #936, #956): the workspace name is the job id; build logs in info. */
export class Adapter031 {
  constructor(
    readonly http: AdapterHttp,
    readonly host: string,
    readonly serviceUser: string,
    readonly login: string,
    readonly keystone: FakeKeystone,
    readonly config: { deletion_max_attempts?: number; deletion_timeout_interval?: number; readPort?: boolean } = {},
  ) {}
  readonly credentials = new Map<string, { id: string; name: string; secret: string }>();
  readonly printed: string[] = [];
  /** Recorded for the test: the status each wait-loop iteration saw, then the final one. */
  readonly wait: DeleteWait = { loop: [], final: undefined };

  async submit(script: Script): Promise<string> {
    const cred = this.keystone.create();
    const name = workspaceName(this.login, script.workspace_name);
    await this.http.apiCall('post', `${this.host}/api/v2/organizations/${script.org_id}/members/${this.serviceUser}/workspaces`, {
      template_version_id: script.template_version_id,
      name,
      rich_parameter_values: richParameters(script, cred),
    });
    this.credentials.set(name, cred);
    return name;
  }
  getWorkspaceInfo(id: string): Promise<Json> {
    return this.http.apiCall('get', `${this.host}/api/v2/users/${this.serviceUser}/workspace/${id}?include_deleted=true`);
  }
  async info(id: string): Promise<OodInfo> {
    const ws = await this.getWorkspaceInfo(id);
    const latestBuild = ws.latest_build as Json;
    const logs = (await this.http.apiCall('get', `${this.host}/api/v2/workspacebuilds/${latestBuild.id}/logs`)) as Json[];
    return jobInfo(ws, logs, this.config.readPort ?? true);
  }
  async delete(id: string): Promise<boolean> {
    const uuid = (await this.getWorkspaceInfo(id)).id;
    await this.http.apiCall('post', `${this.host}/api/v2/workspaces/${uuid}/builds`, { orphan: false, transition: 'delete' });
    const cred = this.credentials.get(id)!;
    const max = this.config.deletion_max_attempts ?? 5;
    const interval = this.config.deletion_timeout_interval ?? 10;
    for (let attempt = 0; attempt < max; attempt++) {
      const info = await this.getWorkspaceInfo(id);
      this.wait.loop.push(info?.latest_build?.status);
      if (!(info && info.latest_build?.status === 'deleting')) break;
      this.printed.push(`Deleting workspace (attempt ${attempt + 1}/5)`);
      await sleep(interval * 1000);
    }
    this.wait.final = (await this.getWorkspaceInfo(id)).latest_build?.status;
    return this.keystone.destroy(cred, this.wait.final);
  }
}

export interface DeleteWait {
  loop: Array<string | undefined>;
  final: string | undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
