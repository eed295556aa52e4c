/** Provisioner tag sets: flat string maps where `scope` and `owner` say who a job or daemon is for. */
export type TagSet = Record<string, string>;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const UNTAGGED: Readonly<TagSet> = Object.freeze({ scope: 'organization', owner: '' });

/**
 * Merges tag maps left to right (a later empty value keeps the earlier one) and normalises the
 * scope: `user` scope belongs to `userId`, anything else becomes organization scope with no owner.
 */
export function mutateTags(userId: string | null, ...maps: Array<Record<string, string> | undefined | null>): TagSet {
  const out: TagSet = {};
  for (const map of maps) {
    for (const [k, v] of Object.entries(map ?? {})) {
      if (v === '' && k in out) continue;
      out[k] = v;
    }
  }
  if (out.scope === 'user') {
    out.owner = userId ?? NIL_UUID;
  } else {
    out.scope = 'organization';
    out.owner = '';
  }
  return out;
}

/** Tags must not contain NUL bytes; returns a sentence for the first offending key, if any. */
export function tagProblem(tags: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(tags)) {
    if (k.includes('\0') || v.includes('\0')) return `Tag "${k.replaceAll('\0', '')}" must not contain NUL bytes.`;
  }
  return undefined;
}
