import pg from 'pg';
import type { Logger } from 'pino';

// Timestamps come back as Date, bigint counters as numbers (they stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Anything that runs a query: the pool or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export class Database implements Queryable {
  readonly pool: pg.Pool;
  /** Told the SQL and duration of every query, failed ones included (the metrics set it). */
  onQuery?: (text: string, seconds: number) => void;

  constructor(
    readonly url: string,
    log: Logger,
    max = 10,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max });
    this.pool.on('error', (err) => log.warn({ err }, 'idle database connection failed'));
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.timed(text, () => this.pool.query<R>(text, values));
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
    try {
      await client.query('BEGIN');
      const timed: Queryable = { query: (text, values) => this.timed(text, () => client.query(text, values)) };
      const result = await fn(timed);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
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
