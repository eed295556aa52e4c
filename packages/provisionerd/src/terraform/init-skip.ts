/**
 * Whether `terraform init` has anything to do for a template: it installs providers and modules
 * and configures a backend. A configuration whose only providers are served in-process
 * (TF_REATTACH_PROVIDERS: coder/coder) or built into terraform (`terraform_data`,
 * `terraform_remote_state`), with no module calls and no backend or cloud block, plans without it.
 * Anything not understood (a syntax error, JSON configuration, an override file, a lock file
 * naming other providers) answers "needed", so terraform itself reports what is wrong.
 */
import { parse } from '@cdktf/hcl2json';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Provider source addresses terraform need not install when `served` lists them. */
const BUILT_IN_PROVIDERS = new Set(['terraform']);

interface ParsedFile {
  terraform?: Array<{ backend?: unknown; cloud?: unknown; required_providers?: Array<Record<string, unknown>> }>;
  provider?: Record<string, unknown>;
  module?: Record<string, unknown>;
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
  ephemeral?: Record<string, unknown>;
}

/** `coder/coder`, `registry.terraform.io/coder/coder` → `registry.terraform.io/coder/coder`. */
function fullSource(source: string): string {
  const parts = source.toLowerCase().split('/');
  return parts.length === 2 ? `registry.terraform.io/${parts.join('/')}` : parts.join('/');
}

/**
 * Whether the configuration in `folder` needs `terraform init`. `served` maps local provider names
 * (e.g. `coder`) to the source addresses served in-process (e.g. `registry.terraform.io/coder/coder`).
 */
export async function initNeeded(folder: string, served: Readonly<Record<string, string>>): Promise<boolean> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return true;
  }
  if (names.includes('.terraform')) return true;
  const configFiles = names.filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'));
  if (configFiles.some((name) => name.endsWith('.tf.json') || /(^|_)override\.tf$/.test(name))) return true;
  const localNames = new Set<string>();
  const declared = new Set<string>();
  for (const name of configFiles) {
    let parsed: ParsedFile;
    try {
      parsed = (await parse(name, await fs.readFile(path.join(folder, name), 'utf8'))) as ParsedFile;
    } catch {
      return true;
    }
    if (parsed.module && Object.keys(parsed.module).length > 0) return true;
    for (const block of parsed.terraform ?? []) {
      if (block.backend !== undefined || block.cloud !== undefined) return true;
      for (const required of block.required_providers ?? []) {
        for (const [local, spec] of Object.entries(required)) {
          const source = typeof spec === 'object' && spec !== null ? (spec as { source?: unknown }).source : undefined;
          if (typeof source !== 'string' || served[local] !== fullSource(source)) return true;
          declared.add(local);
        }
      }
    }
    for (const local of Object.keys(parsed.provider ?? {})) localNames.add(local);
    for (const kind of [parsed.resource, parsed.data, parsed.ephemeral]) {
      for (const type of Object.keys(kind ?? {})) localNames.add(type.split('_')[0]!);
    }
  }
  for (const local of localNames) {
    // An undeclared local name means hashicorp/<name>, which is not the one served.
    if (!BUILT_IN_PROVIDERS.has(local) && !declared.has(local)) return true;
  }
  if (names.includes('.terraform.lock.hcl')) {
    const lock = await fs.readFile(path.join(folder, '.terraform.lock.hcl'), 'utf8').catch(() => '');
    for (const [, source] of lock.matchAll(/provider\s+"([^"]+)"/g)) {
      if (!Object.values(served).includes(fullSource(source!))) return true;
    }
  }
  return false;
}
