/** Every resource of the converted modules, indexed the ways ConvertState looks them up. */
import { addressToLabel } from './addresses.js';
import { Attributes, AttributeTypeError } from './attributes.js';
import { ConvertStateError } from './errors.js';
import type { TfStateModule, TfStateResource } from './terraform-json.js';

export interface ResourceIndex {
  /** Graph label → the resource instances with that label, by address. */
  byLabel: Map<string, Map<string, TfStateResource>>;
  /** Every resource, sorted by address. */
  all(): TfStateResource[];
  /** All resources of one type, sorted by address. */
  ofType(type: string): TfStateResource[];
  /** Every resource of one type in walk order (child modules before their parent), repeats kept. */
  inWalkOrder(type: string): TfStateResource[];
}

export function indexResources(modules: TfStateModule[]): ResourceIndex {
  const byAddress = new Map<string, TfStateResource>();
  const byLabel = new Map<string, Map<string, TfStateResource>>();
  const walked: TfStateResource[] = [];
  const walk = (module: TfStateModule): void => {
    for (const child of module.child_modules ?? []) walk(child);
    for (const resource of module.resources ?? []) {
      walked.push(resource);
      byAddress.set(resource.address, resource);
      const label = addressToLabel(resource.address);
      let instances = byLabel.get(label);
      if (!instances) {
        instances = new Map();
        byLabel.set(label, instances);
      }
      instances.set(resource.address, resource);
    }
  };
  modules.forEach(walk);

  const sorted = [...byAddress.values()].sort((a, b) => compareStrings(a.address, b.address));
  return {
    byLabel,
    all: () => sorted,
    ofType: (type) => sorted.filter((resource) => resource.type === type),
    inWalkOrder: (type) => walked.filter((resource) => resource.type === type),
  };
}

/** Byte-wise string order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads a resource's attributes with `read`; a wrongly typed attribute becomes the error
 * `decode <what> attributes: ...`.
 */
export function decode<T>(what: string, resource: TfStateResource, read: (attrs: Attributes) => T): T {
  try {
    return read(new Attributes(resource.values ?? {}));
  } catch (error) {
    if (error instanceof AttributeTypeError) {
      throw new ConvertStateError(`decode ${what} attributes: ${error.message}`);
    }
    throw error;
  }
}
