/**
 * Upgrades never lose data: every migration is applied in order to a database holding rows of the
 * schema before it. After each migration, every table that exists gets rows generated from the
 * catalog (each column filled, foreign keys pointing at rows already there, CHECK ... IN lists
 * honoured); at the end every row ever inserted must still be there with the values it had.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { resolveServerConfig } from '../config/options';
import { startServer } from '../main';
import { VERSION } from '../version';
import { Database } from './database';
import { listMigrations, migrate } from './migrate';

const log = pino({ level: 'silent' });
const ROWS_PER_TABLE_PER_STAGE = 2;

let dbUrl: string;
let dbName: string;
let db: Database;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(inject('pgAdminUrl'));
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dbName = `warren_migrate_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${dbName} TEMPLATE template0`));
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = new Database(dbUrl, log);
});
afterAll(async () => {
  await db.close();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

interface Column {
  table_name: string;
  column_name: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_generated: string;
  is_identity: string;
}
interface ForeignKey {
  table: string;
  columns: string[];
  ref_table: string;
  ref_columns: string[];
}

async function catalog() {
  const columns = (
    await db.query<Column>(
      `SELECT table_name, column_name, udt_name, is_nullable, column_default, is_generated, is_identity
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
       ORDER BY table_name, ordinal_position`,
    )
  ).rows;
  const fks = (
    await db.query<ForeignKey>(
      `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref_table,
              array(SELECT attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY i) AS columns,
              array(SELECT attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY i) AS ref_columns
       FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace WHERE c.contype = 'f' AND ns.nspname = 'public'`,
    )
  ).rows;
  const checks = (
    await db.query<{ table: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS table, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace WHERE c.contype = 'c' AND ns.nspname = 'public'`,
    )
  ).rows;
  const tables = [...new Set(columns.map((c) => c.table_name))];
  // Parents before children (self references are left null).
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const fk of fks) if (fk.table === t && fk.ref_table !== t) visit(fk.ref_table, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return { columns, fks, checks, tables: ordered };
}

let counter = 0;

/** A value of the column's type, within what its CHECK constraints ask (a list, a length, a range). */
function valueFor(col: Column, checks: Array<{ table: string; def: string }>): unknown {
  counter++;
  for (const { table, def } of checks) {
    if (table !== col.table_name) continue;
    const name = col.column_name;
    const listed = new RegExp(`\\b${name} = ANY \\(ARRAY\\['([^']*)'`).exec(def) ?? new RegExp(`\\b${name} = '([^']*)'`).exec(def);
    if (listed) return listed[1];
    const length = new RegExp(`length\\(${name}\\) = (\\d+)`).exec(def);
    if (length) return randomBytes(Number(length[1])).toString('hex').slice(0, Number(length[1]));
    const range = new RegExp(`\\(${name} >= (\\d+)\\) AND \\(${name} <= (\\d+)\\)`).exec(def);
    if (range) return Number(range[1]) + (counter % (Number(range[2]) - Number(range[1])));
  }
  switch (col.udt_name) {
    case 'uuid':
      return randomUUID();
    case 'text':
    case 'varchar':
    case 'citext':
      return `${col.column_name}-${counter}-${randomBytes(3).toString('hex')}`;
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
      return counter;
    case 'float4':
    case 'float8':
      return counter + 0.5;
    case 'bool':
      return false; // true could break a partial unique index such as the single default organization
    case 'timestamptz':
    case 'timestamp':
      return new Date(Date.UTC(2026, 0, 1, 0, 0, counter % 60));
    case 'date':
      return '2026-01-01';
    case 'jsonb':
    case 'json':
      return JSON.stringify({ n: counter });
    case 'bytea':
      return randomBytes(8);
    case '_text':
    case '_varchar':
      return [`item-${counter}`];
    case '_uuid':
      return [randomUUID()];
    case 'inet':
      return '127.0.0.1';
    case 'interval':
      return '1 second';
    default:
      throw new Error(`no value generator for ${col.table_name}.${col.column_name} of type ${col.udt_name}`);
  }
}

interface Inserted {
  stage: string;
  table: string;
  row: Record<string, unknown>;
}

/** Inserts rows into every table, returning each row as PostgreSQL stored it. */
async function fillTables(stage: string): Promise<Inserted[]> {
  const { columns, fks, checks, tables } = await catalog();
  const inserted: Inserted[] = [];
  const notNull = (table: string, column: string) => columns.some((c) => c.table_name === table && c.column_name === column && c.is_nullable === 'NO');
  // Tables in a foreign key cycle wait until the table they need has rows (the other side is nullable).
  let waiting = [...tables];
  while (waiting.length > 0) {
    const later: string[] = [];
    for (const table of waiting) {
      const blocked = [];
      for (const fk of fks) {
        if (fk.table !== table || fk.ref_table === table || !fk.columns.some((c) => notNull(table, c))) continue;
        if ((await db.query(`SELECT 1 FROM ${fk.ref_table} LIMIT 1`)).rowCount === 0) blocked.push(fk.ref_table);
      }
      if (blocked.length > 0) later.push(table);
      else for (let n = 0; n < ROWS_PER_TABLE_PER_STAGE; n++) inserted.push(...(await insertRow(stage, table, columns, fks, checks)));
    }
    if (later.length === waiting.length) throw new Error(`after ${stage}, no rows can be made for ${later.join(', ')}`);
    waiting = later;
  }
  return inserted;
}

async function insertRow(
  stage: string,
  table: string,
  columns: Column[],
  fks: ForeignKey[],
  checks: Array<{ table: string; def: string }>,
): Promise<Inserted[]> {
  const made: Inserted[] = [];
  const values = new Map<string, unknown>();
  for (const fk of fks.filter((f) => f.table === table)) {
    if (fk.ref_table === table) continue;
    // A parent no row of this table points at yet (the key may be unique); a new one when all are taken.
    const free = `SELECT ${fk.ref_columns.map((c) => `p.${c}`).join(', ')} FROM ${fk.ref_table} p
      WHERE NOT EXISTS (SELECT 1 FROM ${table} c WHERE ${fk.columns.map((c, i) => `c.${c} = p.${fk.ref_columns[i]}`).join(' AND ')})
      ORDER BY random() LIMIT 1`;
    let parent = (await db.query(free)).rows[0];
    if (!parent && (await db.query(`SELECT 1 FROM ${fk.ref_table} LIMIT 1`)).rowCount) {
      made.push(...(await insertRow(stage, fk.ref_table, columns, fks, checks)));
      parent = (await db.query(free)).rows[0];
    }
    fk.columns.forEach((c, i) => values.set(c, parent ? parent[fk.ref_columns[i]!] : null));
  }
  for (const col of columns.filter((c) => c.table_name === table)) {
    if (values.has(col.column_name) || col.is_generated === 'ALWAYS' || col.is_identity === 'YES' || col.column_default?.startsWith('nextval(')) continue;
    if (fks.some((f) => f.table === table && f.ref_table === table && f.columns.includes(col.column_name))) continue;
    values.set(col.column_name, valueFor(col, checks));
  }
  const names = [...values.keys()];
  const sql = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING to_jsonb(${table}.*) AS row`;
  try {
    const { rows } = await db.query<{ row: Record<string, unknown> }>(sql, [...values.values()]);
    return [...made, { stage, table, row: rows[0]!.row }];
  } catch (err) {
    throw new Error(`after ${stage}, inserting into ${table} failed: ${(err as Error).message}`);
  }
}

describe('migrations', () => {
  it('apply one by one to a database full of rows of each earlier schema, and every row survives to the last one', async () => {
    const files = await listMigrations();
    expect(files.length).toBeGreaterThan(1);
    const all: Inserted[] = [];
    for (const file of files) {
      expect(await migrate(db, log, { upTo: Number(file.slice(0, 4)) })).toBe(1);
      all.push(...(await fillTables(file)));
    }
    const tables = new Set(all.map((r) => r.table));
    expect(tables.size).toBeGreaterThan(20);
    const lost: string[] = [];
    for (const { stage, table, row } of all) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} t WHERE to_jsonb(t) @> $1::jsonb`, [JSON.stringify(row)]);
      if (rows[0]!.n !== 1) lost.push(`${table} row inserted after ${stage}: ${JSON.stringify(row).slice(0, 200)}`);
    }
    expect(lost).toEqual([]);
    expect(await migrate(db, log)).toBe(0);
  });

  it('refuse a database a newer server migrated, naming both versions', async () => {
    await db.query("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_from_the_future.sql')");
    await expect(migrate(db, log)).rejects.toThrow(/schema is at version 9999 \(9999_from_the_future\.sql\), newer than this Warren server/);
    const config = resolveServerConfig({
      'http-address': '127.0.0.1:0',
      'postgres-url': dbUrl,
      'global-config': mkdtempSync(path.join(os.tmpdir(), 'warren-cfg-')),
      'provisioner-daemons': '0',
    });
    const newest = Number((await listMigrations()).at(-1)!.slice(0, 4));
    await expect(startServer(config, log)).rejects.toThrow(
      `The database schema is at version 9999 (9999_from_the_future.sql), newer than this Warren server ${VERSION} supports (schema version ${newest})`,
    );
  });
});
