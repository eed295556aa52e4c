import { createProvisionerKeyRequest, RESERVED_PROVISIONER_KEY_NAMES } from '@warren/sdk/provisioners';

export interface TagRow {
  key: string;
  value: string;
}

/** What is wrong with a new key's name, as the server would say it; undefined when nothing. */
export function keyNameProblem(name: string): string | undefined {
  if (RESERVED_PROVISIONER_KEY_NAMES.includes(name.trim().toLowerCase())) return `"${name.trim()}" names a built-in key; choose another name.`;
  const parsed = createProvisionerKeyRequest.shape.name.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** Problems of the tag rows, by row index: an empty key, or a key given twice. */
export function tagRowProblems(rows: TagRow[]): Record<number, string> {
  const out: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const key = r.key.trim();
    if (!key) out[i] = 'A tag needs a key.';
    else if (seen.has(key)) out[i] = `Tag "${key}" is given twice.`;
    seen.add(key);
  });
  return out;
}

export const tagsOf = (rows: TagRow[]): Record<string, string> => Object.fromEntries(rows.map((r) => [r.key.trim(), r.value.trim()]));
