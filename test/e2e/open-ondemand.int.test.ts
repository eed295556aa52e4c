import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarOf } from '../../packages/node-kit/src/archive/tar-fixture.testkit';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { Adapter028, Adapter030, Adapter031, AdapterHttp, type DeleteWait, FakeKeystone, type Json, NoneCredentials, type OodInfo, type Script, coderStateToOodStatus, jobInfo, sleep } from './support/ood-adapter';
import { PROJECT_ID, PUBKEY, TEMPLATE, TEMPLATE_VARIABLES } from './support/ood-template';

// Open OnDemand's `coder` job adapter (OSC/ood_core, lib/ood_core/job/adapters/coder/batch.rb) replayed
// against a real server with a built-in provisioner daemon running real terraform: every request it
// sends, with its headers and bodies, in its order, for each released generation of the adapter, and
// every field it reads back, interpreted the way the adapter interprets it. See
// docs/api.md "Open OnDemand".


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
