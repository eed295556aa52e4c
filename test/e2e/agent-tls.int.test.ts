// A workspace agent on a deployment served over TLS with a certificate of its own: the init script
// downloads the agent with curl (trusting CURL_CA_BUNDLE: Debian's curl ignores SSL_CERT_FILE) and the agent, a Node process, dials the
// https access URL trusting NODE_EXTRA_CA_CERTS. Both are inherited from the provisioner daemon's
// environment, as an operator would set them.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../scripts/ensure-agent.mjs';
import { makeCertificate } from '../support/certificates';
import { startTestServer, withOwner, type TestServer } from '../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from './support/agent-workspace';

let server: TestServer;
let root: string;
let workspaceId: string | undefined;
const savedEnv = { CURL_CA_BUNDLE: process.env.CURL_CA_BUNDLE, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS };

beforeAll(async () => {
  (ensureAgent as (force?: boolean) => boolean)();
  const cert = makeCertificate('warren-tls', ['localhost', '127.0.0.1']);
  process.env.CURL_CA_BUNDLE = cert.certFile;
  process.env.NODE_EXTRA_CA_CERTS = cert.certFile;
  server = await startTestServer({
    daemons: 1,
    flags: { 'tls-enable': 'true', 'tls-address': '127.0.0.1:0', 'tls-cert-file': cert.certFile, 'tls-key-file': cert.keyFile, 'access-url': 'https://127.0.0.1:0' },
  });
  root = mkdtempSync(path.join(os.tmpdir(), 'warren-agent-tls-'));
}, 60_000);

afterAll(async () => {
  Object.assign(process.env, savedEnv);
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  if (workspaceId) killPidFile(path.join(root, workspaceId, 'agent.pid'));
  await server?.close();
});

describe('an agent over TLS', () => {
  it('downloads from and connects to the https access URL', async () => {
    expect(server.accessUrl.protocol).toBe('https:');
    // The test's own client uses the plain HTTP listener beside the TLS one.
    const { client, organizationId } = await withOwner(server);
    const templateId = await pushAgentTemplate(client, organizationId, root, 'tls-agent');
    const created = await startAgentWorkspace(client, templateId, 'dev').catch((err: Error) => {
      const log = (() => {
        try {
          return readdirSync(root).map((d) => readFileSync(path.join(root, d, 'agent.log'), 'utf8').slice(-3000)).join('\n');
        } catch {
          return '(no agent log)';
        }
      })();
      throw new Error(`${err.message}\n${log}`);
    });
    workspaceId = created.workspace.id;
    expect(created.agent.status).toBe('connected');
    expect(created.agent.lifecycle_state).toBe('ready');
    const log = readFileSync(path.join(root, workspaceId, 'agent.log'), 'utf8');
    expect(log).toContain(server.accessUrl.origin);
  }, 180_000);
});
