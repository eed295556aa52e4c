import { describe, expect, it } from 'vitest';
import { decodeJson } from './json.js';
import { decodeMsgpack, encodeMsgpack } from './msgpack.js';
import { type CtyType, typeFromJson, typeToJsonBytes } from './types.js';
import { CtyDynamic, findUnknown, Unknown, valuesEqual } from './value.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const str = (text: string) => Buffer.from(text).toString('hex');
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('cty msgpack', () => {
  it('encodes null as nil', () => {
    expect(toHex(encodeMsgpack('string', null))).toBe('c0');
    expect(decodeMsgpack({ object: { a: 'string' } }, hex('c0'))).toBeNull();
  });

  it('reads and writes the plain unknown as fixext1 type 0', () => {
    const value = decodeMsgpack('string', hex('d4 00 00'));
    expect(value).toBeInstanceOf(Unknown);
    expect(toHex(encodeMsgpack('string', value))).toBe('d40000');
    expect(toHex(encodeMsgpack('number', Unknown.plain))).toBe('d40000');
  });

  it('keeps a refined unknown byte for byte and reads its refinements', () => {
    const bytes = hex(`c7 0b 0c 82 01 c2 02 a6 ${str('agent-')}`);
    const value = decodeMsgpack('string', bytes) as Unknown;
    expect(value.refinements).toEqual({ notNull: true, stringPrefix: 'agent-' });
    expect(toHex(encodeMsgpack('string', value))).toBe(toHex(bytes));
  });

  it('treats any extension type as unknown', () => {
    expect(decodeMsgpack('bool', hex('d5 07 00 00'))).toBeInstanceOf(Unknown);
  });

  it('writes every object attribute, sorted, with absent ones as nil', () => {
    const type: CtyType = { object: { b: 'string', a: 'number', c: 'bool' } };
    expect(toHex(encodeMsgpack(type, { a: 1 }))).toBe(`83 a161 01 a162 c0 a163 c0`.replace(/ /g, ''));
    expect(decodeMsgpack(type, hex('83 a161 01 a162 c0 a163 c3'))).toEqual({ a: 1, b: null, c: true });
  });

  it('round-trips nested blocks with unknowns inside', () => {
    const type: CtyType = {
      object: { id: 'string', item: { list: { object: { key: 'string', is_null: 'bool' } } }, tags: { map: 'string' } },
    };
    const value = { id: Unknown.plain, item: [{ key: 'k', is_null: Unknown.plain }], tags: { x: 'y' } };
    const bytes = encodeMsgpack(type, value);
    expect(toHex(bytes)).toBe(
      `83 a2${str('id')} d40000 a4${str('item')} 91 82 a7${str('is_null')} d40000 a3${str('key')} a1${str('k')}`
        .concat(` a4${str('tags')} 81 a1${str('x')} a1${str('y')}`)
        .replace(/ /g, ''),
    );
    const decoded = decodeMsgpack(type, bytes);
    expect(findUnknown(decoded)).toEqual(['id']);
    expect(decoded).toMatchObject({ item: [{ key: 'k' }], tags: { x: 'y' } });
  });

  it('reads every number form and keeps big integers exact', () => {
    expect(decodeMsgpack('number', hex('cb 3ff8000000000000'))).toBe(1.5);
    expect(decodeMsgpack('number', hex('cf 8000000000000000'))).toBe(2n ** 63n);
    expect(decodeMsgpack('number', hex('d3 ffffffffffffffff'))).toBe(-1);
    expect(decodeMsgpack('number', hex(`a4 ${str('1.25')}`))).toBe(1.25);
    const huge = '123456789012345678901234567890';
    expect(decodeMsgpack('number', hex(`be ${str(huge)}`))).toBe(BigInt(huge));
    expect(toHex(encodeMsgpack('number', BigInt(huge)))).toBe(`be${str(huge)}`);
    expect(toHex(encodeMsgpack('number', 2 ** 40))).toBe('cf0000010000000000');
    expect(toHex(encodeMsgpack('number', -3))).toBe('fd');
  });

  it('wraps dynamic values as [JSON type, value]', () => {
    const bytes = hex(`92 c4 08 ${str('"string"')} a2 ${str('hi')}`);
    const value = decodeMsgpack('dynamic', bytes);
    expect(value).toEqual(new CtyDynamic('string', 'hi'));
    expect(toHex(encodeMsgpack('dynamic', value))).toBe(toHex(bytes));
    expect(decodeMsgpack('dynamic', hex('d4 00 00'))).toBeInstanceOf(Unknown);
  });

  it('compares sets without order and never calls unknowns equal', () => {
    expect(valuesEqual({ set: 'string' }, ['a', 'b'], ['b', 'a'])).toBe(true);
    expect(valuesEqual({ list: 'string' }, ['a', 'b'], ['b', 'a'])).toBe(false);
    expect(valuesEqual('string', Unknown.plain, Unknown.plain)).toBe(false);
    expect(valuesEqual('number', 2n, 2)).toBe(true);
  });
});

describe('cty JSON', () => {
  it('reads state leniently: missing attributes are null, unknown ones are dropped', () => {
    const type: CtyType = { object: { id: 'string', count: 'number', old: 'string' } };
    expect(decodeJson(type, '{"id":"x","count":3,"gone":true}')).toEqual({ id: 'x', count: 3, old: null });
  });

  it('reads dynamic values as {value, type}', () => {
    expect(decodeJson('dynamic', '{"value":["a"],"type":["list","string"]}')).toEqual(new CtyDynamic({ list: 'string' }, ['a']));
  });
});

describe('cty types', () => {
  it('writes schema types as JSON text with quotes', () => {
    expect(Buffer.from(typeToJsonBytes('string')).toString()).toBe('"string"');
    expect(Buffer.from(typeToJsonBytes({ map: { list: 'number' } })).toString()).toBe('["map",["list","number"]]');
    expect(Buffer.from(typeToJsonBytes({ object: { b: 'bool', a: 'string' } })).toString()).toBe('["object",{"a":"string","b":"bool"}]');
    expect(typeFromJson(['tuple', ['string', ['set', 'bool']]])).toEqual({ tuple: ['string', { set: 'bool' }] });
  });
});
