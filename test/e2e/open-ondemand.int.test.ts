import { randomBytes, randomInt } from 'node:crypto';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarOf } from '../../packages/provisionerd/src/archive/tar-fixture.testkit';
import { startTestServer, withOwner, type TestServer } from '../support/server';

// Open OnDemand's `coder` job adapter (OSC/ood_core, lib/ood_core/job/adapters/coder/batch.rb) replayed
// against a real server with a built-in provisioner daemon running real terraform: every request it
// sends, with its headers and bodies, in its order, for each released generation of the adapter, and
// every field it reads back, interpreted the way the adapter interprets it. See
// docs/api.md "Open OnDemand".

// A template shaped like andrejcermak/coder_template_os_vm: the same variables, parameters and resource
// names, with terraform_data standing in for the OpenStack resources. A public key that is not an SSH key
// fails the keypair the way OpenStack does, with the API's JSON error in the output.
const TEMPLATE = `
terraform {
  required_providers {
    coder = {
      source  = "coder/coder"
      version = "1.0.4"
    }
  }
}

variable "application_credential_id" { type = string }
variable "application_credential_name" { type = string }
variable "application_credential_secret" { type = string }
variable "openstack_region" { type = string }
variable "openstack_identity_provider" { type = string }
variable "project_id" { type = string }

data "coder_parameter" "project_id" {
  name    = "project_id"
  type    = "string"
  mutable = false
  default = var.project_id
}
data "coder_parameter" "application_credential_name" {
  name    = "application_credential_name"
  type    = "string"
  mutable = true
  default = var.application_credential_name
}
data "coder_parameter" "application_credential_id" {
  name    = "application_credential_id"
  type    = "string"
  mutable = true
  default = var.application_credential_id
}
data "coder_parameter" "application_credential_secret" {
  name    = "application_credential_secret"
  type    = "string"
  mutable = true
  default = var.application_credential_secret
}
data "coder_parameter" "openstack_region" {
  name    = "openstack_region"
  type    = "string"
  mutable = false
  default = var.openstack_region
}
data "coder_parameter" "openstack_identity_provider" {
  name    = "openstack_identity_provider"
  type    = "string"
  mutable = false
  default = var.openstack_identity_provider
}
data "coder_parameter" "pubkey" {
  name    = "pubkey"
  type    = "string"
  mutable = false
}

data "coder_workspace" "me" {}

locals {
  prefix = lower(data.coder_workspace.me.name)
}

resource "terraform_data" "pubkey" {
  input = {
    name       = "\${local.prefix}-keypair"
    public_key = data.coder_parameter.pubkey.value
  }
  provisioner "local-exec" {
    command     = "case \\"$PUBLIC_KEY\\" in ssh-*) ;; *) echo '{\\"badRequest\\": {\\"code\\": 400, \\"message\\": \\"Keypair data is invalid: failed to generate fingerprint\\"}}'; exit 1;; esac"
    environment = { PUBLIC_KEY = data.coder_parameter.pubkey.value }
  }
}

resource "terraform_data" "vip_fip" {
  input = "192.0.2.10"
}

resource "terraform_data" "ubuntu_from_ondemand" {
  input = {
    name        = local.prefix
    flavor      = "e1.medium"
    image       = "ubuntu-focal-x86_64"
    key_pair    = terraform_data.pubkey.output.name
    tenant_id   = data.coder_parameter.project_id.value
    region      = data.coder_parameter.openstack_region.value
    auth_url    = data.coder_parameter.openstack_identity_provider.value
    credential  = data.coder_parameter.application_credential_id.value
    credname    = data.coder_parameter.application_credential_name.value
    secret_hash = sha256(data.coder_parameter.application_credential_secret.value)
  }
}

resource "terraform_data" "res_vip_fip_associate" {
  input = {
    floating_ip = terraform_data.vip_fip.output
    instance_id = terraform_data.ubuntu_from_ondemand.id
  }
}

resource "terraform_data" "coder_output" {
  depends_on = [terraform_data.ubuntu_from_ondemand]
}

resource "coder_metadata" "floating_ip" {
  resource_id = terraform_data.coder_output.id
  item {
    key   = "floating_ip"
    value = terraform_data.vip_fip.output
  }
  item {
    key   = "port"
    value = "13337"
  }
}
`;

const TEMPLATE_VARIABLES = {
  application_credential_id: 'push-time-credential-id',
  application_credential_name: 'push-time-credential',
  application_credential_secret: 'push-time-secret',
  openstack_region: 'brno1',
  openstack_identity_provider: 'https://identity.example.org/v3',
  project_id: 'push-time-project',
};

const PUBKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMxTyOodMocked ood@example.org';
const PROJECT_ID = 'e495700ad00349bab1d6c75fa13d0ad1';

// ---------------------------------------------------------------------------------------------
// The adapter, ported from Ruby. Everything below follows batch.rb of each release.

/** A parsed JSON object, untyped as in Ruby. */
type Json = Record<string, any>;

interface RecordedCall {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** Net::HTTP as the adapter uses it: a fresh request each time, fixed headers, JSON.parse of every 2xx body. */
class AdapterHttp {
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
function coderStateToOodStatus(state: unknown): string {
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

interface OodInfo {
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
const rubyToI = (s: string) => Number(/^\d+/.exec(s)?.[0] ?? 0);

/** `DateTime.parse(s).to_time.to_i`; raises on nil, as the adapter does when `updated_at` is missing. */
function rubyTimeToI(s: unknown): number {
  if (typeof s !== 'string') throw new Error("no implicit conversion of nil into String");
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`invalid date ${s}`);
  return Math.floor(t / 1000);
}

/** `build_coder_job_info` / `info`: what OOD makes of one workspace JSON (and its build logs). */
function jobInfo(ws: Json, logs: Json[] | undefined, readPort: boolean): OodInfo {
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

interface Script {
  workspace_name: string;
  org_id: string;
  project_id: string | number;
  coder_parameters: Record<string, string>;
  template_version_id?: string;
  template_id?: string;
  template_version_name?: string;
}

/** Stands in for Keystone: application credentials made at submit, revoked only after a "deleted". */
class FakeKeystone {
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
class NoneCredentials extends FakeKeystone {
  override create() {
    return { id: '', name: '', secret: '' };
  }
  override destroy(_cred: { id: string }, status: unknown): boolean {
    return status === 'deleted';
  }
}

/** `"#{username}-#{workspace_name}-#{rand(36**8).to_s(36)}"` */
const workspaceName = (login: string, name: string) => `${login}-${name}-${randomInt(2_821_109_907_456).toString(36)}`;

/** `get_rich_parameters`: the three credential values, project_id as given, then every coder_parameter stringified. */
function richParameters(script: Script, cred: { id: string; name: string; secret: string }) {
  return [
    { name: 'application_credential_name', value: cred.name },
    { name: 'application_credential_id', value: cred.id },
    { name: 'application_credential_secret', value: cred.secret },
    { name: 'project_id', value: script.project_id },
    ...Object.entries(script.coder_parameters).map(([name, value]) => ({ name, value: String(value) })),
  ];
}

/** ood_core 0.28.0 / 0.29.0 (PR #871): template_id + template_version_name, owner = OOD login user, id = UUID. */
class Adapter028 {
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
class Adapter030 {
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
class Adapter031 {
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

interface DeleteWait {
  loop: Array<string | undefined>;
  final: string | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CODER_STATUSES = ['pending', 'starting', 'running', 'stopping', 'stopped', 'failed', 'canceling', 'canceled', 'deleting', 'deleted'];

/** Every field the adapter reads, with the type it needs. */
function expectAdapterFields(info: OodInfo, expected: { name: string; owner: string; id?: string }) {
  const ws = info.workspace;
  expect(ws.id).toMatch(UUID);
  if (expected.id) expect(ws.id).toBe(expected.id);
  expect(info.id).toBe(ws.id);
  expect(ws.created_at).toMatch(RFC3339);
  expect(ws.updated_at).toMatch(RFC3339);
  expect(info.submission_time).toBe(new Date(ws.created_at).getUTCFullYear());
  expect(info.wallclock_time).toBeGreaterThanOrEqual(-1);
  expect(ws.latest_build).toBeTypeOf('object');
  expect(ws.latest_build.id).toMatch(UUID);
  expect(CODER_STATUSES).toContain(ws.latest_build.status);
  expect(ws.latest_build.job.status).toBeTypeOf('string');
  expect(ws.latest_build.updated_at).toMatch(RFC3339);
  expect(Array.isArray(ws.latest_build.resources)).toBe(true);
  expect(info.job_name).toBe(expected.name);
  expect(info.job_owner).toBe(expected.owner);
  expect(ws.workspace_name).toBe(ws.name);
  expect(ws.workspace_owner_name).toBe(ws.owner_name);
}

/** Polls `info` until the mapped OOD state is final, collecting every (coder status → OOD state) seen. */
async function pollUntilSettled(info: () => Promise<OodInfo>, done: (i: OodInfo) => boolean): Promise<{ seen: Array<[string, string]>; last: OodInfo }> {
  const seen: Array<[string, string]> = [];
  for (let i = 0; i < 1200; i++) {
    const last = await info();
    if (seen.at(-1)?.[0] !== last.coder_status) seen.push([last.coder_status, last.status]);
    if (done(last)) return { seen, last };
    await sleep(25);
  }
  throw new Error(`never settled: ${JSON.stringify(seen)}`);
}

/** The statuses a start build passes through, in order, each with the OOD state the adapter gives it. */
function expectStartSequence(seen: Array<[string, string]>) {
  const order = ['pending', 'starting', 'running'];
  const statuses = seen.map(([s]) => s);
  expect(statuses.at(-1)).toBe('running');
  expect(statuses.every((s, i) => i === 0 || order.indexOf(s) > order.indexOf(statuses[i - 1]!))).toBe(true);
  expect(statuses).toContain('starting');
  const mapping = Object.fromEntries(seen);
  expect(mapping).toMatchObject({ starting: 'queued', running: 'running' });
  if (mapping.pending) expect(mapping.pending).toBe('undetermined');
}

describe('the ported status mapping', () => {
  it('maps all ten Coder statuses and job statuses as the adapter does', () => {
    const mapped = Object.fromEntries([...CODER_STATUSES, 'succeeded', null].map((s) => [String(s), coderStateToOodStatus(s)]));
    expect(mapped).toEqual({
      pending: 'undetermined',
      starting: 'queued',
      running: 'running',
      stopping: 'undetermined',
      stopped: 'completed',
      failed: 'suspended',
      canceling: 'undetermined',
      canceled: 'undetermined',
      deleting: 'undetermined',
      deleted: 'completed',
      succeeded: 'undetermined',
      null: 'undetermined',
    });
  });
});

/**
 * How a delete's wait loop ended. Normally the daemon has picked the destroy up by the first GET,
 * the loop waits through "deleting" until it sees "deleted" and the credential is revoked. A
 * "pending" at the first GET (the POST answered before a daemon acquired the job) ends the loop at
 * once and the credential stays, exactly as against Coder; then the destroy still completes.
 */
async function expectDeleteWait(wait: DeleteWait, revoked: boolean, info: () => Promise<OodInfo>): Promise<void> {
  expect(wait.loop.length).toBeGreaterThanOrEqual(1);
  expect(wait.loop.slice(0, -1).every((s) => s === 'deleting')).toBe(true);
  if (wait.loop[0] === 'pending') {
    expect(wait.loop).toEqual(['pending']);
    expect(revoked).toBe(wait.final === 'deleted');
  } else {
    expect(wait.loop.at(-1)).toBe('deleted');
    expect(wait.final).toBe('deleted');
    expect(revoked).toBe(true);
  }
  const { last } = await pollUntilSettled(info, (i) => i.coder_status === 'deleted');
  expect(last.status).toBe('completed');
}

let server: TestServer;
let owner: Client;
let orgId: string;
let host: string;
let templateId: string;
let templateVersionId: string;
let serviceToken: string;
let aliceToken: string;

async function memberToken(username: string): Promise<string> {
  const password = 'Ood-Service-Passw0rd!x';
  await owner.createUser({ email: `${username}@example.org`, username, password, organization_ids: [orgId] });
  const { session_token } = await server.client().login(`${username}@example.org`, password);
  return (await server.client(session_token).createToken('me', { token_name: 'ood', lifetime: 0 })).key;
}

beforeAll(async () => {
  server = await startTestServer({ daemons: 1 });
  ({ client: owner, organizationId: orgId } = await withOwner(server));
  host = server.url.origin; // `host` with scheme and no trailing slash
  serviceToken = await memberToken('service');
  aliceToken = await memberToken('alice');

  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': TEMPLATE }));
  const queued = await owner.createTemplateVersion(orgId, {
    storage_method: 'file',
    file_id: hash,
    provisioner: 'terraform',
    tags: {},
    user_variable_values: Object.entries(TEMPLATE_VARIABLES).map(([name, value]) => ({ name, value })),
  });
  let version = await owner.templateVersion(queued.id);
  while (['pending', 'running'].includes(version.job.status)) {
    await sleep(50);
    version = await owner.templateVersion(queued.id);
  }
  expect(version.job.error ?? '').toBe('');
  const template = await owner.createTemplate(orgId, { name: 'openstack-vm', template_version_id: version.id });
  templateId = template.id;
  templateVersionId = version.id;
});
afterAll(() => server?.close());

describe('Open OnDemand coder adapter 0.31.1 and master (job id = workspace name)', () => {
  it('submits, follows the build to running with the connection info, then deletes and waits for "deleted"', async () => {
    const http = new AdapterHttp(serviceToken);
    const keystone = new FakeKeystone();
    const adapter = new Adapter031(http, host, 'service', 'alice', keystone, { deletion_max_attempts: 60, deletion_timeout_interval: 1 });
    const script: Script = {
      workspace_name: 'os-vm',
      template_version_id: templateVersionId,
      org_id: orgId,
      project_id: PROJECT_ID,
      coder_parameters: { pubkey: PUBKEY, flavor: 'e1.medium' },
    };

    const jobId = await adapter.submit(script);
    expect(jobId).toMatch(/^alice-os-vm-[0-9a-z]{1,8}$/);
    const post = http.calls[0]!;
    expect(post).toMatchObject({ method: 'POST', path: `/api/v2/organizations/${orgId}/members/service/workspaces`, status: 201 });
    expect(post.headers).toMatchObject({ 'Content-Type': 'application/json', Accept: 'application/json', 'Coder-Session-Token': serviceToken });
    const cred = adapter.credentials.get(jobId)!;
    expect(post.body).toBe(
      `{"template_version_id":"${templateVersionId}","name":"${jobId}","rich_parameter_values":[` +
        `{"name":"application_credential_name","value":"${cred.name}"},{"name":"application_credential_id","value":"${cred.id}"},` +
        `{"name":"application_credential_secret","value":"${cred.secret}"},{"name":"project_id","value":"${PROJECT_ID}"},` +
        `{"name":"pubkey","value":"${PUBKEY}"},{"name":"flavor","value":"e1.medium"}]}`,
    );

    const { seen, last } = await pollUntilSettled(() => adapter.info(jobId), (i) => i.coder_status !== 'pending' && i.coder_status !== 'starting');
    expectStartSequence(seen);
    expectAdapterFields(last, { name: jobId, owner: 'service' });
    expect(last.workspace.latest_build.job.status).toBe('succeeded');
    expect(last.native).toEqual({ floating_ip: '192.0.2.10', port: '13337' });
    expect(last.ood_connection_info).toEqual({ host: '192.0.2.10', port: '13337', error_logs: [] });
    const output = (last.workspace.latest_build.resources as Json[]).find((r) => r.name === 'coder_output')!;
    expect(output).toMatchObject({ type: 'terraform_data', name: 'coder_output' });
    expect(output.metadata).toEqual([
      { key: 'floating_ip', value: '192.0.2.10', sensitive: false },
      { key: 'port', value: '13337', sensitive: false },
    ]);
    // 0.31.1 itself ignores the port item.
    expect(jobInfo(last.workspace, [], false).ood_connection_info.port).toBe(80);
    // The values the adapter sent are the build's parameters; `flavor` is not a parameter of the template.
    const params = await owner.workspaceBuildParameters(last.workspace.latest_build.id);
    expect(Object.fromEntries(params.map((p) => [p.name, p.value]))).toEqual({
      ...TEMPLATE_VARIABLES,
      application_credential_name: cred.name,
      application_credential_id: cred.id,
      application_credential_secret: cred.secret,
      project_id: PROJECT_ID,
      pubkey: PUBKEY,
    });
    // Every info is a workspace lookup then a non-follow logs call of the latest build.
    const infoCalls = http.calls.slice(1);
    for (let i = 0; i < infoCalls.length; i += 2) {
      expect(infoCalls[i]).toMatchObject({ method: 'GET', path: `/api/v2/users/service/workspace/${jobId}?include_deleted=true`, status: 200 });
      expect(infoCalls[i + 1]!.path).toMatch(/^\/api\/v2\/workspacebuilds\/[0-9a-f-]{36}\/logs$/);
      expect(infoCalls[i + 1]!.status).toBe(200);
      expect(infoCalls[i]!.body).toBeUndefined();
    }

    http.calls.length = 0;
    const revoked = await adapter.delete(jobId);
    expect(keystone.live.size).toBe(revoked ? 0 : 1);
    const calls = http.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
    const lookup = `GET /api/v2/users/service/workspace/${jobId}?include_deleted=true 200`;
    expect(calls[0]).toBe(lookup);
    expect(calls[1]).toBe(`POST /api/v2/workspaces/${last.id}/builds 201`);
    expect(http.calls[1]!.body).toBe('{"orphan":false,"transition":"delete"}');
    expect(calls.slice(2).every((c) => c === lookup)).toBe(true);
    expect(calls.length).toBe(2 + adapter.wait.loop.length + 1);
    expect(adapter.printed.length).toBe(adapter.wait.loop.length - 1);
    await expectDeleteWait(adapter.wait, revoked, () => adapter.info(jobId));

    const after = await adapter.info(jobId);
    expect(after.coder_status).toBe('deleted');
    expect(after.status).toBe('completed');
    expectAdapterFields(after, { name: jobId, owner: 'service', id: last.id });
    expect(after.ood_connection_info.host).toBeUndefined();
  });

  it('shows a failed build as suspended with the provider error in error_logs, and still deletes it', async () => {
    const http = new AdapterHttp(serviceToken);
    const keystone = new FakeKeystone();
    const adapter = new Adapter031(http, host, 'service', 'alice', keystone, { deletion_max_attempts: 60, deletion_timeout_interval: 1 });
    const jobId = await adapter.submit({
      workspace_name: 'os-vm',
      template_version_id: templateVersionId,
      org_id: orgId,
      project_id: PROJECT_ID,
      coder_parameters: { pubkey: 'not-a-public-key', flavor: 'e1.medium' },
    });
    const { seen, last } = await pollUntilSettled(() => adapter.info(jobId), (i) => i.coder_status !== 'pending' && i.coder_status !== 'starting');
    expect(seen.at(-1)).toEqual(['failed', 'suspended']);
    expectAdapterFields(last, { name: jobId, owner: 'service' });
    expect(last.workspace.latest_build.job.status).toBe('failed');
    expect(last.ood_connection_info.error_logs).toContainEqual(['Keypair data is invalid: failed to generate fingerprint']);

    await expectDeleteWait(adapter.wait, await adapter.delete(jobId), () => adapter.info(jobId));
  });

  it('takes the service user as a UUID or `me`, and empty credential values (NoneCredentials)', async () => {
    const serviceId = (await owner.user('service')).id;
    for (const serviceUser of [serviceId, 'me']) {
      const http = new AdapterHttp(serviceToken);
      const keystone = serviceUser === 'me' ? new NoneCredentials() : new FakeKeystone();
      const adapter = new Adapter031(http, host, serviceUser, 'alice', keystone, { deletion_max_attempts: 60, deletion_timeout_interval: 1 });
      const jobId = await adapter.submit({
        workspace_name: 'os-vm',
        template_version_id: templateVersionId,
        org_id: orgId,
        project_id: PROJECT_ID,
        coder_parameters: { pubkey: PUBKEY },
      });
      const { last } = await pollUntilSettled(() => adapter.info(jobId), (i) => i.coder_status !== 'pending' && i.coder_status !== 'starting');
      expect([last.coder_status, last.status, last.job_owner]).toEqual(['running', 'running', 'service']);
      const params = await owner.workspaceBuildParameters(last.workspace.latest_build.id);
      const credential = params.find((p) => p.name === 'application_credential_id')!.value;
      expect(credential === '').toBe(serviceUser === 'me');
      await expectDeleteWait(adapter.wait, await adapter.delete(jobId), () => adapter.info(jobId));
    }
  });

  it('answers a submit without the required pubkey with 400, which the adapter raises', async () => {
    const http = new AdapterHttp(serviceToken);
    const adapter = new Adapter031(http, host, 'service', 'alice', new FakeKeystone());
    const failure = adapter.submit({ workspace_name: 'os-vm', template_version_id: templateVersionId, org_id: orgId, project_id: PROJECT_ID, coder_parameters: {} });
    await expect(failure).rejects.toThrow(/^HTTP Error: 400 Bad Request {2}for request http:\/\/127\.0\.0\.1:\d+\/api\/v2\/organizations\/.*\/members\/service\/workspaces and body /);
    // A project_id from the form that is a number goes out unquoted: not a string, so 400 as in Coder.
    const numeric = adapter.submit({ workspace_name: 'os-vm', template_version_id: templateVersionId, org_id: orgId, project_id: 42, coder_parameters: { pubkey: PUBKEY } });
    await expect(numeric).rejects.toThrow(/^HTTP Error: 400 Bad Request/);
    expect(JSON.parse(http.calls.at(-1)!.body!).rich_parameter_values[3]).toEqual({ name: 'project_id', value: 42 });
    // Without a login name the workspace name starts with "-", which the name rules refuse.
    const nameless = new Adapter031(http, host, 'service', '', new FakeKeystone());
    await expect(nameless.submit({ workspace_name: 'os-vm', template_version_id: templateVersionId, org_id: orgId, project_id: PROJECT_ID, coder_parameters: { pubkey: PUBKEY } })).rejects.toThrow(/^HTTP Error: 400 Bad Request/);
  });
});

describe('Open OnDemand coder adapter 0.30.x (job id = workspace UUID)', () => {
  it('submits, polls by id with include_deleted and deletes with the double-GET wait loop', async () => {
    const http = new AdapterHttp(serviceToken);
    const keystone = new FakeKeystone();
    const adapter = new Adapter030(http, host, 'service', 'bob', keystone, { credential_deletion_max_attempts: 60, credential_deletion_timeout_interval: 1 });
    const id = await adapter.submit({
      workspace_name: 'os-vm',
      template_version_id: templateVersionId,
      org_id: orgId,
      project_id: PROJECT_ID,
      coder_parameters: { pubkey: PUBKEY, flavor: 'e1.medium' },
    });
    expect(id).toMatch(UUID);
    const name = JSON.parse(http.calls[0]!.body!).name as string;

    const { seen, last } = await pollUntilSettled(() => adapter.info(id), (i) => i.coder_status !== 'pending' && i.coder_status !== 'starting');
    expectStartSequence(seen);
    expectAdapterFields(last, { name, owner: 'service', id });
    expect(last.ood_connection_info).toEqual({ host: '192.0.2.10', port: 80 });
    expect(http.calls.slice(1).every((c) => c.method === 'GET' && c.path === `/api/v2/workspaces/${id}?include_deleted=true` && c.status === 200)).toBe(true);

    http.calls.length = 0;
    const revoked = await adapter.delete(id);
    expect(keystone.live.size).toBe(revoked ? 0 : 1);
    expect(http.calls[0]).toMatchObject({ method: 'POST', path: `/api/v2/workspaces/${id}/builds`, status: 201, body: '{"orphan":false,"transition":"delete"}' });
    // Two GETs per iteration, then the final one.
    expect(http.calls.length).toBe(1 + 2 * adapter.wait.loop.length + 1);
    expect(http.calls.slice(1).every((c) => c.method === 'GET' && c.path === `/api/v2/workspaces/${id}?include_deleted=true` && c.status === 200)).toBe(true);
    await expectDeleteWait(adapter.wait, revoked, () => adapter.info(id));

    const after = await adapter.info(id);
    expect([after.coder_status, after.status]).toEqual(['deleted', 'completed']);
    expectAdapterFields(after, { name, owner: 'service', id });
    // Without include_deleted a deleted workspace is gone (410), as in Coder.
    const plain = await fetch(`${host}/api/v2/workspaces/${id}`, { headers: http.headers() });
    expect(plain.status).toBe(410);
  });
});

describe('Open OnDemand coder adapter 0.28 / 0.29 (template_id + template_version_name)', () => {
  it('creates with the template id, ignores template_version_name, and deletes with one POST', async () => {
    // In these releases the workspace belongs to the OOD login user, whose token is configured here.
    const http = new AdapterHttp(aliceToken);
    const keystone = new FakeKeystone();
    const adapter = new Adapter028(http, host, 'alice', keystone);
    const id = await adapter.submit({
      workspace_name: 'os-vm',
      template_id: templateId,
      template_version_name: 'no-such-version-name',
      org_id: orgId,
      project_id: PROJECT_ID,
      coder_parameters: { pubkey: PUBKEY },
    });
    expect(id).toMatch(UUID);
    expect(http.calls[0]).toMatchObject({ method: 'POST', path: `/api/v2/organizations/${orgId}/members/alice/workspaces`, status: 201 });
    const sent = JSON.parse(http.calls[0]!.body!);
    expect(Object.keys(sent)).toEqual(['template_id', 'template_version_name', 'name', 'rich_parameter_values']);

    const { seen, last } = await pollUntilSettled(() => adapter.info(id), (i) => i.coder_status !== 'pending' && i.coder_status !== 'starting');
    expectStartSequence(seen);
    expectAdapterFields(last, { name: sent.name, owner: 'alice', id });
    expect(last.workspace.latest_build.template_version_id).toBe(templateVersionId);
    expect(last.native.floating_ip).toBe('192.0.2.10');

    await adapter.delete(id);
    const { seen: deleting, last: gone } = await pollUntilSettled(() => adapter.info(id), (i) => i.coder_status === 'deleted');
    expect(gone.status).toBe('completed');
    for (const [status, state] of deleting) expect(state).toBe(coderStateToOodStatus(status));
    expect(deleting.map(([s]) => s).every((s) => ['pending', 'deleting', 'deleted'].includes(s))).toBe(true);
  });
});
