/**
 * The routes `docs/api.md` documents, read from the first column of its tables. Each code span
 * names routes the way a person writes them:
 * - `GET /api/v2/users/{user}` and `GET/POST /api/v2/users/first` (methods joined by `/`);
 * - `/organizations/{org}` after another span: the same method, under `/api/v2`;
 * - `.../tokens/{name}` after another span: that span's path up to the segment this one starts with
 *   (or up to its last segment);
 * - `[/{id}]` optional segments and `{activate,suspend}` alternatives; `?query` is ignored.
 * Routes are returned as the suite names them: `{}` for each parameter.
 */
import { readFileSync } from 'node:fs';

const SPAN = /^(?:((?:GET|POST|PUT|PATCH|DELETE)(?:\/(?:GET|POST|PUT|PATCH|DELETE))*) )?((?:\/|\.\.\.\/)\S*)/;

/** `a{x,y}b` → [`axb`, `ayb`]; `/a[/{y}]` → [`/a`, `/a/{y}`]. */
function expand(path: string): string[] {
  const alternatives = /\{([^{}]*,[^{}]*)\}/.exec(path);
  if (alternatives) return alternatives[1]!.split(',').flatMap((alt) => expand(path.replace(alternatives[0], alt)));
  const optional = /\[([^\]]*)\]/.exec(path);
  if (optional) return [...expand(path.replace(optional[0], '')), ...expand(path.replace(optional[0], optional[1]!))];
  return [path.replace(/\{[^}]*\}/g, '{}')];
}

/** Resolves a span's path against the span before it in the same cell. */
function resolve(path: string, previous: string | undefined): string | undefined {
  if (path.startsWith('.../')) {
    if (!previous) return undefined;
    const rest = path.slice(4);
    const segments = previous.split('/');
    const at = segments.lastIndexOf(rest.split('/')[0]!);
    return [...segments.slice(0, at >= 0 ? at : segments.length - 1), rest].join('/');
  }
  if (/^\/(api\/|bin\b|install\.sh$|healthz|external-auth\/|\*)/.test(path) || path === '/api/v2') return path;
  return `/api/v2${path}`;
}

export function documentedRoutes(markdown: string): Set<string> {
  const routes = new Set<string>();
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| `')) continue;
    let method: string | undefined;
    let previous: string | undefined;
    for (const [, span] of line.split(' | ')[0]!.matchAll(/`([^`]+)`/g)) {
      const m = SPAN.exec(span!);
      if (!m) continue;
      method = m[1] ?? method;
      const path = resolve(m[2]!.split('?')[0]!, previous);
      if (!method || !path) continue;
      previous = path;
      for (const one of method.split('/')) for (const p of expand(path)) routes.add(`${one} ${p}`);
    }
  }
  return routes;
}

export const readApiDoc = (file: string) => documentedRoutes(readFileSync(file, 'utf8'));

/** A served route (`/users/:user`, `/*`) written the same way (`/users/{}`). */
export const routeName = (method: string, url: string) => `${method} ${url.replace(/:[^/]+/g, '{}')}`;
