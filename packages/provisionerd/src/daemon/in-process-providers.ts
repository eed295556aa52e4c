// The `--in-process-providers` flag of `warren server` and `warren provisioner start`: which
// Terraform providers a provisioner daemon serves to its jobs itself (job-providers.ts). Kept apart
// from the providers so the CLI can show the flag without loading them.
/** The providers Warren can serve in-process, by the local name templates give them. */
export const IN_PROCESS_PROVIDER_NAMES = ['coder', 'docker'] as const;

export type InProcessProviderName = (typeof IN_PROCESS_PROVIDER_NAMES)[number];

export const DEFAULT_IN_PROCESS_PROVIDERS: readonly InProcessProviderName[] = ['coder', 'docker'];

/** The `--in-process-providers` flag, shared by `warren server` and `warren provisioner start`. */
export const IN_PROCESS_PROVIDERS_OPTION = {
  flag: 'in-process-providers',
  env: 'WARREN_IN_PROCESS_PROVIDERS',
  default: DEFAULT_IN_PROCESS_PROVIDERS.join(','),
  kind: 'list',
  description: 'Terraform providers served inside the provisioner daemon, so templates need no registry: coder (coder/coder), docker (kreuzwerker/docker), or none. '
    + 'A provider left out is installed by terraform init from the registry or a mirror, as Coder does.',
} as const;

/** The flag's value (a list, or one comma-separated string) as provider names; refusals are sentences. */
export function resolveInProcessProviders(value: string | readonly string[] | boolean | undefined): InProcessProviderName[] {
  if (value === undefined || typeof value === 'boolean') return [...DEFAULT_IN_PROCESS_PROVIDERS];
  return parseInProcessProviders(typeof value === 'string' ? [value] : value);
}

/** Checks a list of provider names (`coder,docker`); `none` or an empty list serves none. Refusals are sentences. */
export function parseInProcessProviders(names: readonly string[]): InProcessProviderName[] {
  const wanted = names.flatMap((name) => name.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (wanted.length === 1 && wanted[0] === 'none') return [];
  const known: readonly string[] = IN_PROCESS_PROVIDER_NAMES;
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`--in-process-providers: unknown provider ${unknown.map((name) => `"${name}"`).join(', ')}; choose from ${known.join(', ')} (or none).`);
  }
  return [...new Set(wanted)] as InProcessProviderName[];
}
