/**
 * Typed reads of a resource's attribute values. Like Coder's decoding into Go structs, an absent or
 * null attribute reads as the zero value and a value of the wrong type is an error.
 */

export class AttributeTypeError extends Error {}

export class Attributes {
  constructor(private readonly values: Record<string, unknown>) {}

  /** Whether the attribute is present at all (null counts as present). */
  has(key: string): boolean {
    return key in this.values;
  }

  raw(key: string): unknown {
    return this.values[key];
  }

  string(key: string): string {
    const value = this.values[key];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw wrongType(key, 'string', value);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.values[key];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw wrongType(key, 'bool', value);
    return value;
  }

  /** A whole number; fractions are cut off as Go's integer decoding does. */
  integer(key: string): number {
    const value = this.values[key];
    if (value === undefined || value === null) return 0;
    if (typeof value !== 'number') throw wrongType(key, 'int', value);
    return Math.trunc(value);
  }

  stringMap(key: string): Record<string, string> {
    const value = this.values[key];
    if (value === undefined || value === null) return {};
    if (!isObject(value)) throw wrongType(key, 'map[string]string', value);
    const result: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (item === null || item === undefined) {
        result[name] = '';
      } else if (typeof item === 'string') {
        result[name] = item;
      } else {
        throw wrongType(`${key}[${name}]`, 'string', item);
      }
    }
    return result;
  }

  /** A list of nested blocks. */
  blocks(key: string): Attributes[] {
    const value = this.values[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw wrongType(key, 'list', value);
    return value.map((item, i) => {
      if (item === null) return new Attributes({});
      if (!isObject(item)) throw wrongType(`${key}[${i}]`, 'object', item);
      return new Attributes(item);
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(key: string, expected: string, value: unknown): AttributeTypeError {
  const got = Array.isArray(value) ? 'list' : typeof value;
  return new AttributeTypeError(`'${key}' expected type '${expected}', got ${got}`);
}
