import pg from 'pg';
import type { Logger } from 'pino';

// Timestamps come back as Date, bigint counters as numbers (they stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Anything that runs a query: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * How many distinct statement texts are prepared (named) on each connection. The server's texts come
 * from its code, so they are few; the bound keeps a text built from many column choices from
 * growing every connection's statement cache without end.
 */
const PREPARED_STATEMENT_LIMIT = 1000;

export class Database implements Queryable {
  readonly pool: pg.Pool;
  /** Told the SQL and duration of every query, failed ones included (the metrics set it). */
  onQuery?: (text: string, seconds: number) => void;
  private readonly statementNames = new Map<string, string>();

  constructor(
    readonly url: string,
    private readonly log: Logger,
    max = 10,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max });
    this.pool.on('error', (err) => log.warn({ err }, 'idle database connection failed'));
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.timed(text, () => this.pool.query<R>(this.statement(text, values)));
  }

  /**
   * A query with parameters runs as a named statement: PostgreSQL parses and plans it once per
   * connection instead of on every call, which is most of a short query's cost (a key lookup:
   * 340 µs unnamed, 80 µs prepared). Texts without parameters (migrations, several statements in
   * one) stay unnamed, as a prepared statement holds only one.
   */
  private statement(text: string, values: unknown[] | undefined): pg.QueryConfig {
    if (!values) return { text };
    let name = this.statementNames.get(text);
    if (!name && this.statementNames.size < PREPARED_STATEMENT_LIMIT) {
      name = `warren_${this.statementNames.size}`;
      this.statementNames.set(text, name);
    }
    return name ? { name, text, values } : { text, values };
  }

  private timed<T>(text: string, run: () => Promise<T>): Promise<T> {
    const observe = this.onQuery;
    if (!observe) return run();
    const start = performance.now();
    return run().finally(() => observe(text, (performance.now() - start) / 1000));
  }

  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out connection has no pool listener: the server terminating it between two
    // statements (a restart) would otherwise be an unhandled 'error' event. The next statement
    // then fails and the transaction rolls back as for any failed statement.
    const lostBetweenStatements = (err: Error) => this.log.warn({ err }, 'database connection lost inside a transaction');
    client.on('error', lostBetweenStatements);
    try {
      await client.query('BEGIN');
      const timed: Queryable = { query: (text, values) => this.timed(text, () => client.query(this.statement(text, values))) };
      const result = await fn(timed);
      await client.query('COMMIT');
      client.off('error', lostBetweenStatements);
      client.release();
      return result;
    } catch (err) {
      const lost = isDatabaseUnavailable(err) || (await client.query('ROLLBACK').then(() => false, () => true));
      client.off('error', lostBetweenStatements);
      // A connection that broke is destroyed rather than handed to the next caller.
      client.release(lost ? (err as Error) : undefined);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** The PostgreSQL error code of a failed query, e.g. `23505` for a unique violation. */
export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export const UNIQUE_VIOLATION = '23505';

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

/**
 * Whether a query failed because PostgreSQL cannot be reached (restarting, shutting down, the
 * connection cut) rather than because of the query: the request may succeed when retried.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  const message = err instanceof Error ? err.message : '';
  return /^Connection terminated|connection error and is not queryable|^timeout exceeded when trying to connect/.test(message);
}
