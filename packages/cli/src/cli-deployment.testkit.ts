/**
 * What the CLI's integration suites start from: a real server on a fresh database, its owner, a
 * provisioner daemon the test drives itself (daemon.testkit), a template imported through it, and
 * the CLI logged in with the owner's token in a config folder of its own.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
import { startTestServer, withOwner, type TestServer } from '../../../test/support/server';
import type { ServerProvisionerDaemonApi } from '../../server/src/jobs/daemon-api';
import { importTemplate, startDaemon } from '../../server/src/jobs/daemon.testkit';
import { runCli } from './test-io';

export interface CliDeployment {
  server: TestServer;
  owner: Client;
  orgId: string;
  daemon: ServerProvisionerDaemonApi;
  /** The template imported at the start. */
  templateId: string;
  /** Runs the CLI in-process as the logged-in owner. */
  cli: (...argv: string[]) => ReturnType<typeof runCli>;
  close(): Promise<void>;
}

export async function startCliDeployment(templateName: string, flags: Record<string, string> = {}): Promise<CliDeployment> {
  const server = await startTestServer({ flags });
  const { client: owner, organizationId: orgId } = await withOwner(server);
  const daemon = await startDaemon(server.ctx, orgId);
  const { templateId } = await importTemplate(owner, daemon, orgId, templateName);
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'warren-cli-'));
  const cli = (...argv: string[]) => runCli(['--global-config', configDir, ...argv]);
  const login = await cli('login', server.url.origin, '--token', owner.sessionToken!);
  if (login.code !== 0) throw new Error(`warren login failed: ${login.stderr}`);
  return {
    server,
    owner,
    orgId,
    daemon,
    templateId,
    cli,
    async close() {
      await daemon.close();
      await server.close();
    },
  };
}
