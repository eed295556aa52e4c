/**
 * What the end-to-end suites of the CLI's connection paths start from: a test server with one
 * built-in daemon, its owner, and a workspace whose real agent is connected. Also the system's
 * OpenSSH run as those suites run it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@warren/sdk';
// @ts-expect-error a plain script without types
import { ensureAgent } from '../../../scripts/ensure-agent.mjs';
import { startTestServer, withOwner, type TestServer } from '../../support/server';
import { killPidFile, pushAgentTemplate, startAgentWorkspace } from './agent-workspace';

export interface AgentDeployment {
  server: TestServer;
  owner: Client;
  /** The folder the workspaces live in (`<root>/<workspace id>/`). */
  root: string;
  workspaceId: string;
  close(): Promise<void>;
}

/** Starts the server and a workspace named `dev` from an agent template named `name`. */
export async function startAgentDeployment(name: string): Promise<AgentDeployment> {
  (ensureAgent as (force?: boolean) => boolean)();
  const server = await startTestServer({ daemons: 1 });
  const { client: owner, organizationId } = await withOwner(server);
  const root = mkdtempSync(path.join(os.tmpdir(), `warren-${name}-`));
  const templateId = await pushAgentTemplate(owner, organizationId, root, name);
  const workspaceId = (await startAgentWorkspace(owner, templateId, 'dev', 'connected')).workspace.id;
  return {
    server,
    owner,
    root,
    workspaceId,
    async close() {
      await server.close();
      killPidFile(path.join(root, workspaceId, 'agent.pid'));
    },
  };
}

/**
 * Runs OpenSSH with `args`, killed after a minute; resolves with its output. Its pid names its
 * network-info file. With `input`, its stdin is the returned `stdin` (else closed at once), so a test can
 * hold a remote `read` open while it looks at the session.
 */
export function runOpenSsh(args: string[], env?: NodeJS.ProcessEnv, { input = false } = {}) {
  const child = spawn('ssh', args, { stdio: 'pipe', env });
  if (!input) child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return {
    pid: child.pid!,
    stdin: child.stdin,
    done: new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    ),
  };
}
