/**
 * Hostile HTTP requests generated from the served route table: every route and method, with path
 * parameters, query strings, headers and bodies drawn from what a careless or malicious client
 * sends (wrong types, missing and extra fields, huge and deeply nested JSON, malformed identifiers,
 * unicode and control characters, path traversal, wrong or absent Content-Type, truncated JSON).
 */
import fc from 'fast-check';
import type { RouteEntry } from '../../packages/server/src/http/app';
import type { Fixture } from '../support/api-fixture';

export type FuzzCaller = 'owner' | 'member' | 'anonymous' | 'agent' | 'provisioner' | 'forged';

export interface HostileRequest {
  route: string;
  method: string;
  /** Sent as is: already percent-encoded where the generator chose to encode. */
  path: string;
  caller: FuzzCaller;
  headers: Record<string, string>;
  body?: Buffer;
}

const TRAVERSALS = ['../', '..%2f', '%2e%2e%2f', '%2e%2e/', '..%5c', '%252e%252e%252f', '....//', '../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '%00', 'a%00b', '%2f', '%5c', '.', '..', '%2e', '%2e%2e'];
const MALFORMED = ['', ' ', '0', '-1', '1e999', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '12345678-1234-1234-1234-1234567890ab0', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '9'.repeat(40), '-'.repeat(64), 'a'.repeat(300), 'x'.repeat(5000), "'; DROP TABLE users; --", '" OR 1=1 --', '$(id)', '<script>alert(1)</script>', '%', '%zz', '%ff%fe', '%c0%ae%c0%ae%2f', '%e2%80%ae', '%f0%9f%92%a9', '%0d%0aSet-Cookie:x=1', 'me', 'default', 'latest', '@me'];

/** A raw value as it goes in a path segment or query value: sometimes encoded, sometimes not. */
function segment(valid: string[]): fc.Arbitrary<string> {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.uuid().map((u) => u.slice(0, 35)),
    fc.integer().map(String),
    fc.double().map(String),
  ).map(encodeURIComponent);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TRAVERSALS) },
    { weight: 3, arbitrary: fc.constantFrom(...MALFORMED) },
    { weight: 3, arbitrary: text },
    { weight: valid.length > 0 ? 3 : 0, arbitrary: fc.constantFrom(...(valid.length > 0 ? valid : ['x'])) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...valid, 'x'), fc.constantFrom(...TRAVERSALS)).map(([v, t]) => `${v}/${t}`) },
  );
}

/** The fixture's real values for a path parameter, so handlers past the lookups see hostile input too. */
function validValues(param: string, f: Fixture): string[] {
  const byName: Record<string, string[]> = {
    user: ['me', f.ownerName, f.memberId, f.ownerId],
    org: [f.orgId, f.orgName, 'default'],
    workspace: [f.workspaceId, f.workspaceName],
    version: [f.versionId],
    template: [f.templateId],
    build: [f.buildId],
    job: [f.jobId],
    agent: [f.agentId],
    key: [f.apiKeyId, f.provisionerKeyName],
    vname: [f.versionName],
    name: [f.templateName, f.workspaceName, f.tokenName, f.provisionerKeyName, f.versionName],
    number: [String(f.buildNumber)],
    id: [f.fileHash, f.jobId, f.workspaceId, f.agentId],
  };
  return byName[param] ?? [];
}

/** A hostile path for a route: each `:param` and `*` replaced; real values only where they cannot destroy the fixture. */
function pathOf(route: RouteEntry, f: Fixture, allowValid: boolean): fc.Arbitrary<string> {
  const parts = route.url.split('/').map((part): fc.Arbitrary<string> => {
    if (part.startsWith(':')) return segment(allowValid ? validValues(part.slice(1), f) : []);
    if (part === '*') return fc.array(segment([]), { maxLength: 3 }).map((s) => s.join('/'));
    return fc.constant(part);
  });
  return fc.tuple(...parts).map((p) => p.join('/'));
}

const QUERY_KEYS = ['q', 'limit', 'offset', 'after_id', 'after', 'before', 'follow', 'format', 'tz_offset', 'start_time', 'end_time', 'template_ids', 'deleted', 'owner', 'name', 'status', 'wait', 'no_compression', 'include_deleted', 'redirect', 'redirect_uri', 'state', 'code', 'page'];

function queryString(): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), segment([])), segment(['1', '0', 'true', 'owner:me status:running', 'name:dev'])).map(([k, v]) => `${k}=${v}`);
  return fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 3, arbitrary: fc.array(pair, { minLength: 1, maxLength: 4 }).map((p) => `?${p.join('&')}`) });
}

const FIELD_NAMES = ['name', 'username', 'email', 'password', 'login_type', 'organization_id', 'organization_ids', 'template_id', 'template_version_id', 'transition', 'rich_parameter_values', 'ttl_ms', 'autostart_schedule', 'display_name', 'description', 'icon', 'roles', 'token_name', 'lifetime', 'scope', 'tags', 'storage_method', 'file_id', 'example_id', 'provisioner', 'user_variable_values', 'dry_run', 'orphan', 'log_level', 'state', 'logs', 'source', 'output', 'value', 'dormant', 'old_password', 'theme_preference', 'default_ttl_ms', 'max_port_share_level', 'port', 'share_level', 'agent_name', 'version_id', 'id', 'ids', 'deadline', 'message'];

const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, '', ' ', 'null', '00000000-0000-0000-0000-000000000000', [], {}, [null], { '': null }, '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constant('x'.repeat(70_000)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A JSON object that looks like a request body: known field names with wrong or absurd values, and extra fields. */
const lookalikeBody: fc.Arbitrary<unknown> = fc.dictionary(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELD_NAMES) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
  wrongType,
  { maxKeys: 8 },
);

/** A body derived from a route's well-formed body: a field dropped, retyped, or an extra one added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  if (keys.length === 0) return lookalikeBody;
  return fc.oneof(
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== k))),
    fc.tuple(fc.constantFrom(...keys), wrongType).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.tuple(fc.string({ maxLength: 12 }), wrongType).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

const nested = (depth: number, open: string, close: string) => Buffer.from(open.repeat(depth) + close.repeat(depth));

type RawBody = { body?: Buffer; contentType?: string };

function bodyOf(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> {
  const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/x-tar', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json;;;', 'APPLICATION/JSON', 'application/jsonx', '*/*', '\u00e9/\u00e9') },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ body: fc.constant(undefined), contentType }) },
    { weight: 6, arbitrary: fc.record({ body: shaped.map(json), contentType }) },
    { weight: 2, arbitrary: fc.record({ body: fc.jsonValue({ maxDepth: 4 }).map(json), contentType }) },
    // Truncated: a prefix of a well-formed body.
    { weight: 2, arbitrary: fc.tuple(shaped.map(json), fc.double({ min: 0, max: 0.99, noNaN: true })).map(([b, cut]) => ({ body: b.subarray(0, Math.floor(b.length * cut)), contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom(5_000, 50_000, 200_000).chain((d) => fc.constantFrom(nested(d, '[', ']'), nested(d, '{"a":', '}'.repeat(0)), Buffer.from(`${'{"a":'.repeat(d)}1${'}'.repeat(d)}`)).map((body) => ({ body, contentType: 'application/json' }))) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from('x'.repeat(1_100_000)), Buffer.from(JSON.stringify({ name: 'a'.repeat(1_100_000) })), Buffer.from(JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ i }))))).map((body) => ({ body, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ufeff{}', '{"a":1}{"b":2}', '{"a":"\ud800"}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '1', '"s"', 'true', 'null', '[]', '{', '}', '{"a":1,}', 'NaN', '\u00ff\u00fe{\u0000}').map((s) => ({ body: Buffer.from(s), contentType: 'application/json' })) },
  );
}

const FORGED_TOKENS = ['', 'x', 'abc-def', 'AAAAAAAAAA-BBBBBBBBBBBBBBBBBBBBBBBB', '00000000-0000-0000-0000-000000000000', 'a'.repeat(8000), '\u00e9\u00e9', '../../etc'];

type Who = { caller: FuzzCaller; headers: Record<string, string> };

function callerAndHeaders(tokens: Record<Exclude<FuzzCaller, 'anonymous' | 'forged'>, string>): fc.Arbitrary<Who> {
  const who = (caller: FuzzCaller, headers: Record<string, string>): fc.Arbitrary<Who> => fc.constant({ caller, headers });
  return fc.oneof(
    { weight: 6, arbitrary: who('owner', { 'Coder-Session-Token': tokens.owner }) },
    { weight: 4, arbitrary: who('member', { 'Coder-Session-Token': tokens.member }) },
    { weight: 2, arbitrary: who('agent', { 'Coder-Session-Token': tokens.agent }) },
    { weight: 1, arbitrary: who('provisioner', { 'Coder-Provisioner-Daemon-Key': tokens.provisioner }) },
    { weight: 2, arbitrary: who('anonymous', {}) },
    { weight: 1, arbitrary: fc.constantFrom(...FORGED_TOKENS).chain((t) => fc.constantFrom<Record<string, string>>({ 'Coder-Session-Token': t }, { Cookie: `coder_session_token=${encodeURIComponent(t)}` }, { Authorization: `Bearer ${encodeURIComponent(t)}` })).map((headers): Who => ({ caller: 'forged', headers })) },
  );
}

/**
 * Whether a route may get the fixture's real identifiers: not where a lucky body would delete the
 * fixture or lock its callers out (deletes, suspensions, role and password changes).
 */
function mayUseRealValues(route: RouteEntry): boolean {
  if (route.method === 'DELETE') return false;
  return !/status|roles|password|dormant|suspend|activate|login-type|members/.test(route.url);
}

/** HTTP cannot carry spaces, controls or raw non-ASCII in a request target: those go percent-encoded. */
const wireSafe = (target: string) => target.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));

/** Requests for every route of the table, in proportion: each route gets the same share. */
export function hostileRequests(
  routes: RouteEntry[],
  fixture: Fixture,
  tokens: Record<Exclude<FuzzCaller, 'anonymous' | 'forged'>, string>,
  wellFormedBodies: Map<string, Record<string, unknown>>,
): fc.Arbitrary<HostileRequest> {
  const perRoute = routes.map((route) => {
    const name = `${route.method} ${route.url}`;
    const valid = wellFormedBodies.get(name);
    const shaped = valid ? fc.oneof(mutated(valid), lookalikeBody) : lookalikeBody;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    return fc
      .record({
        path: pathOf(route, fixture, mayUseRealValues(route)),
        query: queryString(),
        who: callerAndHeaders(tokens),
        raw: hasBody ? bodyOf(shaped) : fc.oneof({ weight: 4, arbitrary: fc.constant<RawBody>({}) }, { weight: 1, arbitrary: bodyOf(shaped) }),
      })
      .map(({ path, query, who, raw }): HostileRequest => {
        // Logging out ends the session every other request uses: it gets a stranger's token.
        const headers: Record<string, string> = route.url.endsWith('/logout') && who.caller !== 'anonymous' ? { 'Coder-Session-Token': 'x' } : { ...who.headers };
        if (raw.contentType !== undefined) headers['Content-Type'] = raw.contentType;
        return { route: name, method: route.method, path: wireSafe(`${path}${query}`), caller: who.caller, headers, body: raw.body };
      });
  });
  return fc.oneof(...perRoute);
}
