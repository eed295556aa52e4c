/**
 * Workspace app addresses as Coder spells them: path apps
 * `/@{user}/{workspace}[.{agent}]/apps/{slug}/...` on the dashboard's origin, and subdomain apps
 * `{slug}--{agent}--{workspace}--{user}` (ports: `{port}[s]--...`) under the wildcard host.
 */

/** A name part: letters and digits, single hyphens between them. */
const NAME = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;
/** A name part as it appears in an app host (the same rule, lowercased by the browser). */
const PART = '[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*';
const SUBDOMAIN = new RegExp(`^(?:(${PART})---)?(${PART})--(${PART})--(${PART})--(${PART})$`);

export interface PathAppRequest {
  username: string;
  workspace: string;
  agent?: string;
  /** `apps` (an app by slug) or `terminal` (the dashboard's terminal page). */
  kind: 'app' | 'terminal';
  slug: string;
  /** `/@user/workspace.agent/apps/slug` as requested (no trailing slash). */
  basePath: string;
  /** The rest of the path after basePath (starts with `/`, or is empty when the slash is missing). */
  rest: string;
}

/** The parts of a path-app URL path (before its query), or undefined when the path is no app's. */
export function parsePathApp(pathname: string): PathAppRequest | undefined {
  const m = /^\/(?:@|%40)([^/]+)\/([^/]+)\/(apps\/([^/]+)|terminal)(\/.*)?$/i.exec(pathname);
  if (!m) return undefined;
  const username = safeDecode(m[1]!);
  const target = safeDecode(m[2]!);
  if (username === undefined || target === undefined) return undefined;
  const dot = target.indexOf('.');
  const workspace = dot < 0 ? target : target.slice(0, dot);
  const agent = dot < 0 ? undefined : target.slice(dot + 1);
  const kind = m[3]!.startsWith('apps') ? 'app' : 'terminal';
  const slug = m[4] ? safeDecode(m[4]) : '';
  if (slug === undefined) return undefined;
  const rest = m[5] ?? '';
  return { username, workspace, agent, kind, slug, basePath: pathname.slice(0, pathname.length - rest.length), rest };
}

/** Whether a path is under a path app (`/@...` or `/%40...`), whether or not it parses. */
export const looksLikePathApp = (pathname: string): boolean => pathname.startsWith('/@') || pathname.slice(0, 4).toLowerCase() === '/%40';

export interface SubdomainAppRequest {
  prefix?: string;
  /** The app slug, or undefined for a port. */
  slug?: string;
  port?: number;
  /** `{port}s`: the port speaks HTTPS. */
  https: boolean;
  agent: string;
  workspace: string;
  username: string;
}

/** Parses one subdomain label (the part the wildcard matched). */
export function parseSubdomain(label: string): SubdomainAppRequest | undefined {
  const m = SUBDOMAIN.exec(label);
  if (!m) return undefined;
  const [, prefix, app, agent, workspace, username] = m as unknown as [string, string | undefined, string, string, string, string];
  const port = /^(\d{1,5})(s?)$/.exec(app);
  if (port) {
    const n = Number(port[1]);
    if (n < 1 || n > 65535) return undefined;
    return { prefix, port: n, https: port[2] === 's', agent, workspace, username };
  }
  return { prefix, slug: app, https: false, agent, workspace, username };
}

/**
 * The wildcard host's matcher: `*.apps.example.com` or `*-suffix.example.com`, with or without a
 * port. `match` answers the label the `*` stands for when a Host header falls under it.
 */
export class WildcardHost {
  private readonly suffix: string;
  private readonly port: string | undefined;

  constructor(readonly pattern: string) {
    const m = /^\*([^:]*)(?::(\d+))?$/.exec(pattern.toLowerCase());
    if (!m) throw new Error(`"${pattern}" is not a wildcard host such as *.apps.example.com.`);
    this.suffix = m[1]!;
    this.port = m[2];
  }

  /** Coder's `/applications/host`: the pattern, with the access URL's port when it names none. */
  hostWithPort(accessPort: string): string {
    return this.port === undefined && accessPort ? `${this.pattern}:${accessPort}` : this.pattern;
  }

  /**
   * The domain app session cookies are set on: the wildcard's parent (`apps.example.com`), or
   * undefined (a host-only cookie, one per app) when that parent is a single label such as
   * `localhost`, which browsers refuse as a cookie domain.
   */
  get cookieDomain(): string | undefined {
    const base = this.suffix.startsWith('.') ? this.suffix.slice(1) : this.suffix.slice(this.suffix.indexOf('.') + 1);
    return base.includes('.') ? base : undefined;
  }

  match(hostHeader: string | undefined): string | undefined {
    if (!hostHeader) return undefined;
    const h = hostHeader.toLowerCase();
    const colon = h.lastIndexOf(':');
    const [name, port] = colon > 0 && !h.endsWith(']') ? [h.slice(0, colon), h.slice(colon + 1)] : [h, undefined];
    if (this.port !== undefined && port !== this.port) return undefined;
    if (!name.endsWith(this.suffix) || name.length <= this.suffix.length) return undefined;
    const label = name.slice(0, name.length - this.suffix.length);
    return label.includes('.') ? undefined : label;
  }

  /** The host of one app: the label put where the `*` is (with the access URL's port when the pattern names none). */
  hostFor(label: string, accessPort = ''): string {
    const port = this.port ?? accessPort;
    return `${label}${this.suffix}${port ? `:${port}` : ''}`;
  }
}

/** `{slug}--{agent}--{workspace}--{user}` (or a port, `s` for HTTPS). */
export function subdomainLabel(p: { slug?: string; port?: number; https?: boolean; agent: string; workspace: string; username: string }): string {
  const app = p.port !== undefined ? `${p.port}${p.https ? 's' : ''}` : p.slug!;
  return `${app}--${p.agent}--${p.workspace}--${p.username}`.toLowerCase();
}

export const isName = (s: string): boolean => NAME.test(s);

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
