/**
 * A populated deployment for suites that request every route: an owner and a member, the default
 * organization, a template imported through a provisioner daemon, a built workspace with an agent
 * token, an uploaded file, an API token and a provisioner key.
 */
import type { Client } from '@warren/sdk';
import { agent, importTemplate, acquire, resource, startDaemon, tarOf } from '../../packages/server/src/jobs/daemon.testkit';
import type { ServerProvisionerDaemonApi } from '../../packages/server/src/jobs/daemon-api';
import { withMember, withOwner, type TestServer } from './server';

export interface Fixture {
  ownerName: string;
  ownerId: string;
  memberName: string;
  memberId: string;
  orgId: string;
  orgName: string;
  templateId: string;
  templateName: string;
  versionId: string;
  versionName: string;
  workspaceId: string;
  workspaceName: string;
  buildId: string;
  buildNumber: number;
  jobId: string;
  agentId: string;
  fileHash: string;
  tokenName: string;
  apiKeyId: string;
  provisionerKeyName: string;
  provisionerKeySecret: string;
  /** Set by cases that create things later cases use. */
  scratch: Record<string, string>;
}

/** The credentials of each kind of caller in the fixture. */
export interface FixtureTokens {
  owner: string;
  member: string;
  agent: string;
  provisioner: string;
}

export interface ApiFixture {
  fixture: Fixture;
  tokens: FixtureTokens;
  owner: Client;
  member: Client;
  /** The daemon that imported the template; close it before the server. */
  daemon: ServerProvisionerDaemonApi;
}

/** Populates a fresh server (first user included) with one of everything the routes read. */
export async function buildApiFixture(server: TestServer, templateName = 'conformance'): Promise<ApiFixture> {
  const { client: owner, organizationId: orgId } = await withOwner(server);
  const member: Client = await withMember(server, owner);
  const daemon = await startDaemon(server.ctx, orgId);
  // The version uses every provider the server has (the conformance server has GitHub's).
  const externalAuth = server.ctx.externalAuth.map((c) => ({ id: c.id, optional: true }));
  const { version, templateId } = await importTemplate(owner, daemon, orgId, templateName, [], externalAuth);
  const agentToken = crypto.randomUUID();
  const workspace = await owner.createUserWorkspace('me', { name: 'dev', template_id: templateId });
  const job = await acquire(daemon);
  await daemon.completeJob({ jobId: job.jobId, type: { kind: 'workspace_build', state: new Uint8Array(), resources: [resource('dev', [agent('main', agentToken)])] } });
  const built = await owner.workspace(workspace.id);
  const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': 'terraform {}\n' }));
  const anotherTar = Buffer.from(await tarOf({ 'main.tf': 'terraform {}\n# another\n' })).toString('base64');
  const tokenName = 'conformance';
  await owner.createToken('me', { token_name: tokenName, lifetime: 3_600_000_000_000 });
  const apiKey = (await owner.tokens('me')).find((k) => k.token_name === tokenName)!;
  const provisionerKeyName = 'conformance-key';
  const provisionerKey = await owner.createProvisionerKey(orgId, { name: provisionerKeyName, tags: {} });
  const me = await owner.user('me');
  const memberMe = await member.user('me');
  const org = await owner.organization(orgId);
  const fixture: Fixture = {
    ownerName: me.username,
    ownerId: me.id,
    memberName: memberMe.username,
    memberId: memberMe.id,
    orgId,
    orgName: org.name,
    templateId,
    templateName,
    versionId: version.id,
    versionName: version.name,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    buildId: built.latest_build.id,
    buildNumber: built.latest_build.build_number,
    jobId: built.latest_build.job.id,
    agentId: built.latest_build.resources[0]!.agents![0]!.id,
    fileHash: hash,
    tokenName,
    apiKeyId: apiKey.id,
    provisionerKeyName,
    provisionerKeySecret: provisionerKey.key,
    scratch: { tarBase64: anotherTar },
  };
  const tokens: FixtureTokens = { owner: owner.sessionToken!, member: member.sessionToken!, agent: agentToken, provisioner: provisionerKey.key };
  return { fixture, tokens, owner, member, daemon };
}
