// cty's JSON encoding (stored state, DynamicValue.json): plain JSON, with dynamic values as
// {"value": ..., "type": ...}. JSON has no unknowns. Objects missing an attribute read it as null
// and attributes the type does not know are dropped, which is what state upgrades need.
import { CtyDecodeError, numberFrom } from './msgpack.js';
import { type CtyType, typeFromJson } from './types.js';
import { CtyDynamic, type CtyValue } from './value.js';

export function decodeJson(type: CtyType, text: Uint8Array | string): CtyValue {
  return fromJson(type, JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')), []);
}

export function fromJson(type: CtyType, raw: unknown, path: (string | number)[] = []): CtyValue {
  if (raw === null || raw === undefined) return null;
  const mismatch = () => new CtyDecodeError(`expected ${JSON.stringify(type)}, got ${JSON.stringify(raw)}`, path);
  if (type === 'string') {
    if (typeof raw !== 'string') throw mismatch();
    return raw;
  }
  if (type === 'number') {
    if (typeof raw !== 'number' && typeof raw !== 'string') throw mismatch();
    return numberFrom(raw, path);
  }
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw mismatch();
    return raw;
  }
  if (type === 'dynamic') {
    if (typeof raw !== 'object' || !('type' in raw) || !('value' in raw)) throw mismatch();
    const concrete = typeFromJson(raw.type);
    return new CtyDynamic(concrete, fromJson(concrete, raw.value, path));
  }
  if ('list' in type || 'set' in type || 'tuple' in type) {
    if (!Array.isArray(raw)) throw mismatch();
    return raw.map((element: unknown, index) => {
      const elementType = 'list' in type ? type.list : 'set' in type ? type.set : type.tuple[index];
      if (!elementType) throw new CtyDecodeError('too many tuple elements', path);
      return fromJson(elementType, element, [...path, index]);
    });
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw mismatch();
  const entries = raw as Record<string, unknown>;
  const result: Record<string, CtyValue> = {};
  if ('map' in type) {
    for (const [key, element] of Object.entries(entries)) result[key] = fromJson(type.map, element, [...path, key]);
  } else {
    for (const [name, attributeType] of Object.entries(type.object)) {
      result[name] = fromJson(attributeType, entries[name], [...path, name]);
    }
  }
  return result;
}

