/**
 * Reads a `terraform.tfstate` file (format version 4) into the `values` part of what
 * `terraform show -json` prints for it: the root module with its resources and nested child
 * modules, each resource with its address, mode, type, name, index, provider and attribute values.
 * That is all ConvertState reads, so a build needs no `terraform show` process after apply.
 * Returns undefined for a state this does not understand; the caller then asks terraform.
 */
import type { TfState, TfStateModule, TfStateResource } from '../convert/terraform-json.js';

interface StateInstance {
  index_key?: number | string;
  status?: string;
  deposed?: string;
  schema_version?: number;
  attributes?: Record<string, unknown>;
  dependencies?: string[];
}

interface StateResource {
  module?: string;
  mode?: string;
  type?: string;
  name?: string;
  provider?: string;
  instances?: StateInstance[];
}

interface StateFile {
  version?: number;
  resources?: StateResource[];
}

const BUILT_IN = 'terraform.io/builtin/terraform';
/** Attributes of the built-in provider typed `dynamic`: the state file keeps them as `{type, value}`. */
const BUILT_IN_DYNAMIC: Record<string, readonly string[]> = { terraform_data: ['input', 'output'], terraform_remote_state: ['outputs'] };

/** `provider["registry.terraform.io/coder/coder"]` or `module.a.provider[...]` → `registry.terraform.io/coder/coder`. */
function providerName(provider: string | undefined): string | undefined {
  return provider && /provider\["([^"]+)"\]/.exec(provider)?.[1];
}

/** `module.a["x"].module.b` → [`module.a["x"]`, `module.a["x"].module.b`]; undefined when it cannot be split safely. */
function moduleAddresses(module: string): string[] | undefined {
  const segment = /^module\.[A-Za-z_][A-Za-z0-9_-]*(\[(\d+|"(?:[^"\\]|\\.)*")\])?/;
  const addresses: string[] = [];
  let rest = module;
  let prefix = '';
  while (rest) {
    const match = segment.exec(rest);
    if (!match) return undefined;
    prefix = prefix ? `${prefix}.${match[0]}` : match[0];
    addresses.push(prefix);
    rest = rest.slice(match[0].length);
    if (rest.startsWith('.')) rest = rest.slice(1);
    else if (rest) return undefined;
  }
  return addresses;
}

function indexSuffix(key: number | string | undefined): string {
  if (key === undefined) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

function unwrapDynamic(type: string, attributes: Record<string, unknown>): Record<string, unknown> {
  const names = BUILT_IN_DYNAMIC[type];
  if (!names) return attributes;
  const unwrapped = { ...attributes };
  for (const name of names) {
    const value = unwrapped[name];
    if (value && typeof value === 'object' && 'value' in value) unwrapped[name] = (value as { value: unknown }).value;
  }
  return unwrapped;
}

/**
 * The `terraform show -json` view of a raw state file, or undefined when it is not a version 4
 * state or holds resources of a provider other than the built-in one and `plainProviders`: the
 * file keeps attributes typed `dynamic` wrapped, and only a provider's schema says which those are.
 * `plainProviders` lists provider source addresses whose schemas have no `dynamic` attribute.
 */
export function stateValues(raw: Uint8Array, plainProviders: readonly string[] = []): TfState | undefined {
  let file: StateFile;
  try {
    file = JSON.parse(Buffer.from(raw).toString('utf8')) as StateFile;
  } catch {
    return undefined;
  }
  if (file.version !== 4 || !Array.isArray(file.resources)) return undefined;
  const root: TfStateModule = {};
  const modules = new Map<string, TfStateModule>([['', root]]);
  const moduleOf = (address: string | undefined): TfStateModule | undefined => {
    if (!address) return root;
    const chain = moduleAddresses(address);
    if (!chain) return undefined;
    let parent = root;
    for (const path of chain) {
      let module = modules.get(path);
      if (!module) {
        module = { address: path };
        modules.set(path, module);
        (parent.child_modules ??= []).push(module);
      }
      parent = module;
    }
    return parent;
  };
  for (const resource of file.resources) {
    const { mode, type, name } = resource;
    if ((mode !== 'managed' && mode !== 'data') || !type || !name) return undefined;
    const provider = providerName(resource.provider);
    if (!provider || (provider !== BUILT_IN && !plainProviders.includes(provider))) return undefined;
    const module = moduleOf(resource.module);
    if (!module) return undefined;
    const base = `${resource.module ? `${resource.module}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    for (const instance of resource.instances ?? []) {
      const shown: TfStateResource = {
        address: `${base}${indexSuffix(instance.index_key)}`,
        mode,
        type,
        name,
        ...(instance.index_key !== undefined && { index: instance.index_key }),
        provider_name: provider,
        schema_version: instance.schema_version ?? 0,
        values: provider === BUILT_IN ? unwrapDynamic(type, instance.attributes ?? {}) : instance.attributes ?? {},
      };
      (module.resources ??= []).push(shown);
    }
  }
  // terraform show sorts resources by address within each module, and modules by address.
  for (const module of modules.values()) {
    module.resources?.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    module.child_modules?.sort((a, b) => ((a.address ?? '') < (b.address ?? '') ? -1 : 1));
  }
  return { values: { root_module: root } };
}
