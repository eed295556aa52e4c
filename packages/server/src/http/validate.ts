import type { ValidationError } from '@warren/sdk';
import type { z } from 'zod';
import { ApiError, validationFailed } from './errors';

/** Parses a request body with a zod schema, answering Coder's 400 with per-field validations. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('bad_request', 'Request body must be valid JSON.', 'The body must be a JSON object.');
  }
  let result = schema.safeParse(body);
  if (!result.success) {
    // Coder's server (Go) reads a JSON null as "not given": retry without the nulls the schema refused.
    const withoutNulls = dropRefusedNulls(body, result.error.issues);
    if (withoutNulls !== body) result = schema.safeParse(withoutNulls);
  }
  if (result.success) return result.data;
  throw validationFailed(zodValidations(result.error));
}

/** A copy of `body` without the null values at the paths of `invalid_type` issues; `body` itself when there are none. */
function dropRefusedNulls(body: object, issues: z.ZodError['issues']): object {
  const valueAt = (path: PropertyKey[]) => path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), body);
  const paths = issues.filter((i) => i.code === 'invalid_type' && i.path.length > 0 && valueAt(i.path) === null).map((i) => i.path);
  if (paths.length === 0) return body;
  const copy = structuredClone(body) as Record<PropertyKey, unknown>;
  for (const path of paths) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
    const last = path[path.length - 1] as PropertyKey;
    if (parent && typeof parent === 'object' && !Array.isArray(parent) && (parent as Record<PropertyKey, unknown>)[last] === null) {
      delete (parent as Record<PropertyKey, unknown>)[last];
    }
  }
  return copy;
}

export function zodValidations(error: z.ZodError): ValidationError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'body',
    detail: issue.code === 'invalid_type' && issue.input === undefined ? 'Validation failed for tag "required".' : issue.message,
  }));
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function parseUuid(value: string, field: string): string {
  if (!isUuid(value)) {
    throw new ApiError('bad_request', `Invalid UUID "${value}".`, undefined, [{ field, detail: 'Must be a UUID.' }]);
  }
  return value.toLowerCase();
}


/** Reads `limit`/`offset` query parameters with bounds. */
export function parsePagination(query: Record<string, unknown>): { limit: number; offset: number } {
  const num = (name: string, fallback: number) => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new ApiError('bad_request', 'Query parameters have invalid values.', undefined, [
        { field: name, detail: 'Must be a non-negative integer.' },
      ]);
    }
    return n;
  };
  const limit = num('limit', 0);
  return { limit: limit === 0 ? 1000 : Math.min(limit, 1000), offset: num('offset', 0) };
}
