// Coder's clients against a real server: every served route is requested the way Coder's API client
// sends it (axios from Node) and its answer checked for the fields Coder's clients read; the route
// table, `docs/api.md` and the list of routes not served yet are kept in step.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProvisionerDaemonApi } from '../../packages/server/src/jobs/daemon-api';
import { buildApiFixture } from '../support/api-fixture';
import { startTestServer, type TestServer } from '../support/server';
import { readApiDoc, routeName } from './api-doc';
import { CASES, ELSEWHERE, type Caller, type Fixture } from './cases';
import { NOT_SERVED } from './not-served';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestServer;
let daemon: ServerProvisionerDaemonApi;
let fixture: Fixture;
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  server = await startTestServer({ env: { CODER_EXTERNAL_AUTH_0_TYPE: 'github', CODER_EXTERNAL_AUTH_0_CLIENT_ID: 'conformance-client' } });
  const built = await buildApiFixture(server);
  ({ fixture, daemon } = built);
  Object.assign(tokens, built.tokens);
}, 60_000);

afterAll(async () => {
  await daemon?.close();
  await server?.close();
});

/** The session a case runs as; `throwaway` is a fresh login of a user made by an earlier case. */
async function tokenFor(caller: Caller): Promise<string | undefined> {
  if (caller === 'anonymous') return undefined;
  if (caller === 'throwaway') return (await server.client().login('newcomer', 'Newcomer-long-passw0rd')).session_token;
  return tokens[caller];
}

describe('every route, as Coder’s API client calls it', () => {
  for (const c of CASES) {
    it(`${c.route} → ${c.status}`, async () => {
      const token = await tokenFor(c.as ?? 'owner');
      const [method] = c.route.split(' ') as [string];
      const res = await axios.request({
        baseURL: server.url.origin,
        url: c.path(fixture),
        method,
        headers: { ...(token ? { 'Coder-Session-Token': token } : {}), ...(c.contentType ? { 'Content-Type': c.contentType } : {}) },
        ...(c.body ? { data: c.body(fixture) } : {}),
        validateStatus: () => true,
      });
      const where = `${method} ${c.path(fixture)}: ${JSON.stringify(res.data).slice(0, 400)}`;
      expect(res.status, where).toBe(c.status);
      if (res.status >= 400) expect(res.data, `${where} is not Coder's error shape`).toMatchObject({ message: expect.any(String) });
      if (c.shape) {
        const parsed = c.shape.safeParse(res.data);
        expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), where).toEqual([]);
      }
      c.keep?.(fixture, res.data);
    });
  }
});

describe('the route table, the docs and this suite move together', () => {
  const served = () => server.app.routeTable.map((r) => routeName(r.method, r.url));

  it('has a case, or a test that drives it, for every served route', () => {
    const covered = new Set([...CASES.map((c) => c.route), ...ELSEWHERE.map((e) => e.route)]);
    expect(served().filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !served().includes(r))).toEqual([]);
    expect(ELSEWHERE.filter((e) => !existsSync(path.join(root, e.test))).map((e) => e.test)).toEqual([]);
  });

  it('documents every served route in docs/api.md, and serves every documented one', () => {
    const documented = readApiDoc(path.join(root, 'docs/api.md'));
    expect(served().filter((r) => !documented.has(r)), 'served but not in docs/api.md').toEqual([]);
    expect([...documented].filter((r) => !served().includes(r)), 'in docs/api.md but not served').toEqual([]);
  });

  it('names the routes of Coder that are not served yet', () => {
    const now = served();
    expect(NOT_SERVED.filter((r) => now.includes(r)), 'served now: move them to the cases and docs/api.md').toEqual([]);
    console.log(`Coder routes not served yet (${NOT_SERVED.length}):\n  ${NOT_SERVED.join('\n  ')}`);
  });
});
