import { ApiError, Client } from '@warren/sdk';
import pino from 'pino';
import { resolveServerConfig, startServer, type RunningServer } from '../../packages/server/src/index';
import type { Clock } from '../../packages/server/src/clock';
import { daemonLoopFactory } from '../../packages/provisionerd/src/index';
import { createTestDatabase } from './database';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestServer extends RunningServer {
  client(token?: string): Client;
}

/** A real server on a fresh database, listening on a random loopback port. */
export async function startTestServer(
  options: {
    clock?: Clock;
    flags?: Record<string, string>;
    /** Environment variables the server reads itself (`CODER_EXTERNAL_AUTH_<n>_*`). */
    env?: Record<string, string>;
    /** built-in daemons running real terraform */
    daemons?: number;
    /** Where the server logs (silent, or WARREN_TEST_LOG's level, by default). */
    logger?: pino.Logger;
  } = {},
): Promise<TestServer> {
  const config = resolveServerConfig({
    'http-address': '127.0.0.1:0',
    'postgres-url': await createTestDatabase(),
    'global-config': mkdtempSync(path.join(os.tmpdir(), 'warren-cfg-')),
    'provisioner-daemons': String(options.daemons ?? 0),
    // Suites poll and loop far past 512 requests a minute from one user; a suite about the limit sets it.
    'api-rate-limit': '-1',
    ...options.flags,
  }, options.env);
  const server = await startServer(config, options.logger ?? pino({ level: process.env.WARREN_TEST_LOG ?? 'silent' }), {
    clock: options.clock,
    provisionerDaemonLoop: daemonLoopFactory(path.join(config.configDir, 'provisioners')),
  });
  return { ...server, client: (token?: string) => new Client(server.url, { sessionToken: token }) };
}

export const OWNER = { email: 'owner@example.com', username: 'owner', password: 'Sup3r-Secret-Passw0rd!' };

/** Creates the first user and returns a client logged in as that owner. */
export async function withOwner(server: TestServer): Promise<{ client: Client; userId: string; organizationId: string }> {
  const anon = server.client();
  const first = await anon.createFirstUser(OWNER);
  const { session_token } = await anon.login(OWNER.email, OWNER.password);
  return { client: server.client(session_token), userId: first.user_id, organizationId: first.organization_id };
}

/** The ApiError a request fails with; throws when it succeeds or fails some other way. */
export async function apiErrorOf(request: Promise<unknown>): Promise<ApiError> {
  const err = await request.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err;
}

export const MEMBER = { email: 'm@example.com', username: 'member', password: 'M3mber-has-a-long-pass' };

/** Creates a member (as the owner) and returns a client logged in as that member. */
export async function withMember(server: TestServer, owner: Client): Promise<Client> {
  await owner.createUser(MEMBER);
  return server.client((await server.client().login(MEMBER.username, MEMBER.password)).session_token);
}
