import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './body-parsers';

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects opened inside one another, not brackets inside strings', () => {
    expect(jsonDepthExceeds('[[[]]]', 3)).toBe(false);
    expect(jsonDepthExceeds('[[[[]]]]', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[[[{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'x\\"[[[[[[' }), 2)).toBe(false);
    expect(jsonDepthExceeds('[],[],[],[],[]', 1)).toBe(false);
  });
});
