// Hostile input at scale against a real server on PostgreSQL: requests generated from the served
// route table (so a new route is covered without editing this file), as every kind of caller. No
// request may answer 5xx, every error must have Coder's body, and the server must keep answering.
// WARREN_FUZZ_SEED and WARREN_FUZZ_RUNS reproduce or lengthen a run.
import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../conformance/cases';
import { buildApiFixture, type ApiFixture } from '../support/api-fixture';
import { startTestServer, type TestServer } from '../support/server';
import { hostileRequests, type HostileRequest } from './hostile-requests';
import { errorShapeProblem, send, type Answer } from './send';

const SEED = Number(process.env.WARREN_FUZZ_SEED ?? 20261205);
const RUNS = Number(process.env.WARREN_FUZZ_RUNS ?? 10_000);
const CONCURRENCY = 8;

let server: TestServer;
let built: ApiFixture;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  server = await startTestServer({ flags: { 'api-rate-limit': '-1' } });
  built = await buildApiFixture(server, 'fuzzed');
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await built?.daemon.close();
  await server?.close();
});

/** The well-formed bodies Coder's clients send, by route, as seeds for mutation. */
function wellFormedBodies(): Map<string, Record<string, unknown>> {
  const bodies = new Map<string, Record<string, unknown>>();
  for (const c of CASES) {
    try {
      const body = c.body?.(built.fixture);
      if (body && typeof body === 'object' && !Array.isArray(body)) bodies.set(c.route, body as Record<string, unknown>);
    } catch {
      // A body that needs what an earlier conformance case made: the generic bodies cover it.
    }
  }
  // The conformance suite names routes with `{}` parameters; the route table with `:name`.
  const byTable = new Map<string, Record<string, unknown>>();
  for (const r of server.app.routeTable) {
    const key = `${r.method} ${r.url.replace(/:[^/]+/g, '{}')}`;
    const body = bodies.get(key);
    if (body) byTable.set(`${r.method} ${r.url}`, body);
  }
  return byTable;
}

interface Violation {
  index: number;
  request: HostileRequest;
  problem: string;
}

const describeRequest = (r: HostileRequest) => `${r.method} ${r.path.slice(0, 200)} as ${r.caller} [${r.headers['Content-Type'] ?? 'no Content-Type'}] body ${r.body ? JSON.stringify(r.body.subarray(0, 160).toString('utf8')) : 'none'}`;

describe('hostile requests to every route', () => {
  it(`answers ${RUNS} of them without a 5xx, in Coder's error shape, and stays up`, async () => {
    const routes = server.app.routeTable;
    const tokens = { ...built.tokens };
    const requests = fc.sample(hostileRequests(routes, built.fixture, tokens, wellFormedBodies()), { seed: SEED, numRuns: RUNS });
    console.log(`fuzz seed ${SEED} (WARREN_FUZZ_SEED=${SEED} to repeat), ${requests.length} requests over ${routes.length} routes`);
    const violations: Violation[] = [];
    const statuses = new Map<number, number>();
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        const request = requests[index]!;
        let answer: Answer;
        try {
          answer = await send(agent, server.url, request);
        } catch (err) {
          violations.push({ index, request, problem: `no answer: ${(err as Error).message}` });
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status >= 500) violations.push({ index, request, problem: `${answer.status} ${answer.body.slice(0, 300)}` });
        else if (answer.status >= 400) {
          const problem = errorShapeProblem(answer);
          if (problem) violations.push({ index, request, problem: `${answer.status} ${problem}: ${answer.body.slice(0, 200)}` });
        }
        if (index % 500 === 0) {
          const health = await send(agent, server.url, { route: 'GET /healthz', method: 'GET', path: '/healthz', caller: 'anonymous', headers: {} });
          if (health.status !== 200) violations.push({ index, request, problem: `/healthz answered ${health.status} after this request` });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const fiveHundreds = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      `fuzz: ${requests.length} requests in ${seconds.toFixed(1)} s (seed ${SEED}), 5xx: ${fiveHundreds}, violations: ${violations.length}\n` +
        `  statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, c]) => `${s}×${c}`).join(' ')}`,
    );
    const health = await send(agent, server.url, { route: 'GET /healthz', method: 'GET', path: '/healthz', caller: 'anonymous', headers: {} });
    expect(health.status, 'the server stopped answering /healthz').toBe(200);
    const report = violations.slice(0, 25).map((v) => `#${v.index} ${describeRequest(v.request)}\n    → ${v.problem}`);
    expect(report, `${violations.length} violations (seed ${SEED})`).toEqual([]);
  }, 600_000);
});
