import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { Database } from '../packages/server/src/db/database';
import { loadEmbeddedPostgres } from '../packages/server/src/db/embedded';
import { migrate } from '../packages/server/src/db/migrate';
import { freePort, startPg15, type TestCluster } from './support/pg15';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDatabase: string;
  }
}

export const TEMPLATE_DATABASE = 'warren_template';

async function startEmbedded(): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-embedded-'));
  chmodSync(dir, 0o711); // the postgres system user must reach the data folder when we are root
  const port = await freePort();
  // Without its exit hooks, which would turn vitest's failing exit code into 0.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=300', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts one PostgreSQL for the whole integration project (the embedded server or Debian's 15)
 * and migrates a template database; each test file clones it (see test/support/database.ts).
 */
export default async function setup(project: TestProject) {
  const flavour = process.env.WARREN_TEST_PG ?? 'embedded';
  const cluster = flavour === 'pg15' ? await startPg15() : await startEmbedded();
  const admin = new pg.Client(cluster.adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(cluster.adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const db = new Database(templateUrl.toString(), pino({ level: 'silent' }), 1);
  await migrate(db, pino({ level: 'silent' }));
  await db.close();
  project.provide('pgAdminUrl', cluster.adminUrl);
  project.provide('pgTemplateDatabase', TEMPLATE_DATABASE);
  return () => cluster.stop();
}
