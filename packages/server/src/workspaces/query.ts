import { ApiError } from '../http/errors';
import { isUuid } from '../http/validate';
import type { WorkspaceFilter } from '../db/queries/workspaces';

const KEYS = new Set(['owner', 'name', 'template', 'status', 'id', 'organization', 'deleted']);
const STATUSES = new Set(['pending', 'starting', 'running', 'stopping', 'stopped', 'failed', 'canceling', 'canceled', 'deleting', 'deleted']);

function invalid(detail: string): ApiError {
  return new ApiError('bad_request', 'Invalid workspace search query.', undefined, [{ field: 'q', detail }]);
}

export type ParsedWorkspaceQuery = Omit<WorkspaceFilter, 'limit' | 'offset' | 'readableBy' | 'organizationId'> & { organization?: string };

/**
 * Coder's workspace search: space-separated `key:value` terms (values may be quoted); a bare term
 * is a workspace name, or `owner/name`. `owner:me` is the caller.
 */
export function parseWorkspaceQuery(q: string, me: string): ParsedWorkspaceQuery {
  const f: ParsedWorkspaceQuery = {};
  for (const term of q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []) {
    const sep = term.indexOf(':');
    if (sep < 0) {
      const bare = term.replaceAll('"', '');
      const slash = bare.indexOf('/');
      if (slash >= 0) {
        f.ownerUsername = bare.slice(0, slash);
        f.name = bare.slice(slash + 1);
      } else {
        f.name = bare;
      }
      continue;
    }
    const key = term.slice(0, sep).toLowerCase();
    const value = term.slice(sep + 1).replaceAll('"', '');
    if (!KEYS.has(key)) throw invalid(`Query param "${key}" is not a valid query param.`);
    switch (key) {
      case 'owner':
        if (value.toLowerCase() === 'me') f.ownerId = me;
        else f.ownerUsername = value;
        break;
      case 'name':
        f.name = value;
        break;
      case 'template':
        f.templateName = value;
        break;
      case 'status':
        if (!STATUSES.has(value.toLowerCase())) throw invalid(`"${value}" is not a workspace status.`);
        f.status = value.toLowerCase();
        break;
      case 'id': {
        const ids = value.split(',');
        if (!ids.every(isUuid)) throw invalid(`"${value}" is not a list of UUIDs.`);
        f.ids = ids.map((s) => s.toLowerCase());
        break;
      }
      case 'organization':
        f.organization = value;
        break;
      case 'deleted':
        f.deleted = value === 'true';
        break;
    }
  }
  return f;
}
