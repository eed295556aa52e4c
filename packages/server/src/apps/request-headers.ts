/**
 * What of a browser's request reaches an app: never Warren's credentials (the session cookie, the
 * app cookies, the `Coder-Session-Token` header, token query parameters), always the
 * `X-Forwarded-*` headers saying where the request came from.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { SESSION_TOKEN_COOKIE, SESSION_TOKEN_HEADER, SESSION_TOKEN_QUERY } from '@warren/sdk';
import { APP_CONNECT_KEY_QUERY, SIGNED_APP_TOKEN_COOKIE, SUBDOMAIN_APP_SESSION_COOKIE } from './app-token';
import { HOP_BY_HOP } from './transport';

const isWarrenCookie = (name: string) =>
  name === SESSION_TOKEN_COOKIE || name.startsWith(SUBDOMAIN_APP_SESSION_COOKIE) || name.startsWith(SIGNED_APP_TOKEN_COOKIE);
const STRIPPED_QUERY = new Set([SESSION_TOKEN_QUERY, APP_CONNECT_KEY_QUERY]);
const TOKEN_HEADER = SESSION_TOKEN_HEADER.toLowerCase();

/** The cookies of a request by name (the first of each name wins, as browsers send the most specific first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/** A Set-Cookie header value. */
export function serializeCookie(
  name: string,
  value: string,
  opts: { path?: string; domain?: string; maxAgeSeconds?: number; expires?: Date; secure?: boolean },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${opts.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax'];
  if (opts.domain) parts.push(`Domain=${opts.domain}`);
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  if (opts.expires) parts.push(`Expires=${opts.expires.toUTCString()}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The query string without Warren's token parameters (`?` included when anything is left). */
export function stripTokenQuery(search: string): string {
  if (!search || search === '?') return '';
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => {
      const name = pair.split('=', 1)[0]!;
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // Keep the raw name.
      }
      return !STRIPPED_QUERY.has(decoded);
    });
  return kept.length > 0 && kept.some(Boolean) ? `?${kept.join('&')}` : '';
}

export interface ForwardedFrom {
  /** The address of the client's connection. */
  remoteAddress: string | undefined;
  /** The Host the browser asked for. */
  host: string | undefined;
  proto: 'http' | 'https';
}

/** The headers sent to the app: the browser's, minus hop-by-hop ones and Warren's credentials, plus X-Forwarded-*. */
export function appRequestHeaders(incoming: IncomingHttpHeaders, from: ForwardedFrom, upgrade: boolean): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || name === TOKEN_HEADER || name === 'cookie' || name.startsWith('x-forwarded-')) continue;
    if (HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  const cookies = (incoming.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !isWarrenCookie(c.slice(0, Math.max(0, c.indexOf('='))).trim()));
  if (cookies.length > 0) out.cookie = cookies.join('; ');
  if (upgrade) {
    out.connection = 'Upgrade';
    out.upgrade = incoming.upgrade ?? 'websocket';
  }
  const prior = incoming['x-forwarded-for'];
  const chain = [typeof prior === 'string' && prior ? prior : undefined, from.remoteAddress].filter(Boolean).join(', ');
  if (chain) out['x-forwarded-for'] = chain;
  if (from.host) out['x-forwarded-host'] = from.host;
  out['x-forwarded-proto'] = from.proto;
  return out;
}
