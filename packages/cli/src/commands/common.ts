import type { Client, Organization, Workspace } from '@warren/sdk';
import { CliError } from '../io';

/** Parses repeated `key=value` flags. */
export function parseKeyValues(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`${flag} "${item}" must have the form key=value.`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The named organization, or the default one. */
export async function resolveOrganization(client: Client, ref: string | undefined): Promise<Organization> {
  return client.organization(ref ?? 'default');
}

/** A workspace by `name` (yours) or `owner/name`. */
export async function resolveWorkspace(client: Client, ref: string): Promise<Workspace> {
  const [owner, name] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : ['me', ref];
  return client.workspaceByOwnerAndName(owner, name.split('.')[0]!);
}
