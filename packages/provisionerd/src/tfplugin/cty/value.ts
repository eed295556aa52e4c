// cty values in TypeScript: null, unknown, primitives, collections, objects and dynamic values.
import { decode } from '@msgpack/msgpack';
import type { CtyType } from './types.js';

/** A number keeps its exact value: `bigint` for integers beyond 2^53. */
export type CtyNumber = number | bigint;

export type CtyValue =
  | null
  | Unknown
  | string
  | CtyNumber
  | boolean
  | CtyDynamic
  | readonly CtyValue[]
  | { readonly [name: string]: CtyValue };

/** A value of a `dynamic` attribute, carrying its concrete type. */
export class CtyDynamic {
  constructor(
    readonly type: CtyType,
    readonly value: CtyValue,
  ) {}
}

export interface NumberBound {
  value: CtyNumber;
  inclusive: boolean;
}

/** What Terraform already knows about an unknown value (cty "refinements"). */
export interface Refinements {
  notNull?: boolean;
  stringPrefix?: string;
  numberLowerBound?: NumberBound;
  numberUpperBound?: NumberBound;
  lengthLowerBound?: number;
  lengthUpperBound?: number;
}

const PLAIN_EXT_TYPE = 0;
const REFINED_EXT_TYPE = 12;

/**
 * A value known only after apply. It keeps the msgpack extension it arrived as, so refinements
 * pass back to Terraform unchanged.
 */
export class Unknown {
  static readonly plain = new Unknown(PLAIN_EXT_TYPE, new Uint8Array([0]));

  constructor(
    readonly extType: number,
    readonly extData: Uint8Array,
  ) {}

  get refinements(): Refinements {
    if (this.extType !== REFINED_EXT_TYPE || this.extData.length <= 1) return {};
    const entries = decode(this.extData, { useBigInt64: true });
    if (entries === null || typeof entries !== 'object') return {};
    const refinements: Refinements = {};
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
      if (key === '1' && typeof value === 'boolean') refinements.notNull = !value;
      else if (key === '2' && typeof value === 'string') refinements.stringPrefix = value;
      else if ((key === '3' || key === '4') && Array.isArray(value)) {
        const bound = { value: value[0] as CtyNumber, inclusive: value[1] === true };
        if (key === '3') refinements.numberLowerBound = bound;
        else refinements.numberUpperBound = bound;
      } else if (key === '5') refinements.lengthLowerBound = Number(value);
      else if (key === '6') refinements.lengthUpperBound = Number(value);
    }
    return refinements;
  }
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** The attributes of a known object or map value, else null. */
export function asObject(value: CtyValue | undefined): Readonly<Record<string, CtyValue>> | null {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value)
    && !(value instanceof Unknown) && !(value instanceof CtyDynamic);
  return isObject ? (value as Readonly<Record<string, CtyValue>>) : null;
}

/** The elements of a known list, set or tuple value, else null. */
export function asList(value: CtyValue | undefined): readonly CtyValue[] | null {
  return Array.isArray(value) ? value : null;
}

/** True when the two values are equal and wholly known; sets compare without order. */
export function valuesEqual(type: CtyType, a: CtyValue, b: CtyValue): boolean {
  if (a instanceof Unknown || b instanceof Unknown) return false;
  if (a === null || b === null) return a === b;
  if (typeof type === 'string') {
    if (type === 'dynamic') {
      return a instanceof CtyDynamic && b instanceof CtyDynamic && JSON.stringify(a.type) === JSON.stringify(b.type)
        && valuesEqual(a.type, a.value, b.value);
    }
    return typeof a === 'bigint' || typeof b === 'bigint' ? BigInt(a as CtyNumber) === BigInt(b as CtyNumber) : a === b;
  }
  if ('list' in type || 'tuple' in type) {
    const left = a as readonly CtyValue[];
    const right = b as readonly CtyValue[];
    const elementType = (index: number) => ('list' in type ? type.list : type.tuple[index]!);
    return left.length === right.length && left.every((value, index) => valuesEqual(elementType(index), value, right[index]!));
  }
  if ('set' in type) {
    const left = a as readonly CtyValue[];
    const right = b as readonly CtyValue[];
    return left.length === right.length && left.every((value) => right.some((other) => valuesEqual(type.set, value, other)));
  }
  const left = a as Record<string, CtyValue>;
  const right = b as Record<string, CtyValue>;
  if ('map' in type) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length
      && keys.every((key) => key in right && valuesEqual(type.map, left[key]!, right[key]!));
  }
  return Object.entries(type.object).every(([name, attributeType]) =>
    valuesEqual(attributeType, left[name] ?? null, right[name] ?? null));
}

/** The path to the first unknown inside `value`, or undefined when it is wholly known. */
export function findUnknown(value: CtyValue, path: (string | number)[] = []): (string | number)[] | undefined {
  if (value instanceof Unknown) return path;
  if (value instanceof CtyDynamic) return findUnknown(value.value, path);
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, CtyValue][] = Array.isArray(value)
    ? value.map((element, index) => [index, element])
    : Object.entries(value);
  for (const [step, element] of entries) {
    const found = findUnknown(element, [...path, step]);
    if (found) return found;
  }
  return undefined;
}
