// cty's msgpack encoding (Terraform's DynamicValue.msgpack), driven by the value's type.
// Unknowns are msgpack extensions (any extension type); objects carry every attribute; dynamic
// values are [JSON type as bin, value]; numbers are ints, floats or decimal strings.
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { type CtyType, typeFromJson, typeToJsonBytes } from './types.js';
import { CtyDynamic, type CtyNumber, type CtyValue, Unknown } from './value.js';

export class CtyDecodeError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
  ) {
    super(path.length ? `${message} (at ${path.join('.')})` : message);
  }
}

export function decodeMsgpack(type: CtyType, bytes: Uint8Array): CtyValue {
  return fromWire(type, decode(bytes, { useBigInt64: true }), []);
}

export function encodeMsgpack(type: CtyType, value: CtyValue): Uint8Array {
  return encode(toWire(type, value), { useBigInt64: true, sortKeys: true });
}

/** Normalises any of cty's number forms: exact JS numbers, else bigint for big integers. */
export function numberFrom(raw: number | bigint | string, path: readonly (string | number)[]): CtyNumber {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) return numberFrom(BigInt(text), path);
  const parsed = Number(text);
  if (text === '' || Number.isNaN(parsed)) throw new CtyDecodeError(`"${raw}" is not a number`, path);
  return parsed;
}

function fromWire(type: CtyType, raw: unknown, path: (string | number)[]): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData && raw.data instanceof Uint8Array) return new Unknown(raw.type, raw.data);
  const mismatch = () => new CtyDecodeError(`expected ${JSON.stringify(type)}, got ${typeof raw}`, path);
  if (type === 'string') {
    if (typeof raw !== 'string') throw mismatch();
    return raw;
  }
  if (type === 'number') {
    if (typeof raw !== 'number' && typeof raw !== 'bigint' && typeof raw !== 'string') throw mismatch();
    return numberFrom(raw, path);
  }
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw mismatch();
    return raw;
  }
  if (type === 'dynamic') {
    if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) throw mismatch();
    const concrete = typeFromJson(JSON.parse(Buffer.from(raw[0]).toString('utf8')));
    return new CtyDynamic(concrete, fromWire(concrete, raw[1], path));
  }
  if ('list' in type || 'set' in type || 'tuple' in type) {
    if (!Array.isArray(raw)) throw mismatch();
    return raw.map((element, index) => {
      const elementType = 'list' in type ? type.list : 'set' in type ? type.set : type.tuple[index];
      if (!elementType) throw new CtyDecodeError('too many tuple elements', path);
      return fromWire(elementType, element, [...path, index]);
    });
  }
  if (typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) throw mismatch();
  const entries = raw as Record<string, unknown>;
  const result: Record<string, CtyValue> = {};
  if ('map' in type) {
    for (const [key, element] of Object.entries(entries)) result[key] = fromWire(type.map, element, [...path, key]);
  } else {
    for (const [name, attributeType] of Object.entries(type.object)) {
      result[name] = fromWire(attributeType, entries[name], [...path, name]);
    }
  }
  return result;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function toWire(type: CtyType, value: CtyValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return new ExtData(value.extType, value.extData);
  if (type === 'dynamic') {
    if (!(value instanceof CtyDynamic)) throw new TypeError('A dynamic attribute needs a CtyDynamic value.');
    return [typeToJsonBytes(value.type), toWire(value.type, value.value)];
  }
  if (type === 'number') {
    if (typeof value === 'bigint') return value >= INT64_MIN && value <= UINT64_MAX ? value : value.toString();
    if (typeof value !== 'number') throw new TypeError(`Expected a number, got ${typeof value}.`);
    const beyondInt32 = value > 0xffffffff || value < -0x80000000;
    return Number.isSafeInteger(value) && beyondInt32 ? BigInt(value) : value;
  }
  if (typeof type === 'string') return value;
  if ('list' in type) return (value as CtyValue[]).map((element) => toWire(type.list, element));
  if ('set' in type) return (value as CtyValue[]).map((element) => toWire(type.set, element));
  if ('tuple' in type) return type.tuple.map((elementType, index) => toWire(elementType, (value as CtyValue[])[index]));
  const entries = value as Record<string, CtyValue>;
  const result: Record<string, unknown> = {};
  if ('map' in type) {
    for (const [key, element] of Object.entries(entries)) result[key] = toWire(type.map, element);
  } else {
    for (const [name, attributeType] of Object.entries(type.object)) result[name] = toWire(attributeType, entries[name]);
  }
  return result;
}
