import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps everything below capacity, in order', () => {
    const r = new RingBuffer(8);
    r.write('abc');
    r.write(Buffer.from('de'));
    expect(r.read().toString()).toBe('abcde');
    expect(r.size).toBe(5);
  });

  it('drops the oldest bytes when it wraps', () => {
    const r = new RingBuffer(8);
    r.write('abcdef');
    r.write('ghij');
    expect(r.read().toString()).toBe('cdefghij');
    r.write('k');
    expect(r.read().toString()).toBe('defghijk');
    expect(r.size).toBe(8);
  });

  it('keeps only the tail of a write larger than the ring', () => {
    const r = new RingBuffer(4);
    r.write('xy');
    r.write('0123456789');
    expect(r.read().toString()).toBe('6789');
    r.write('a');
    expect(r.read().toString()).toBe('789a');
  });

  it('matches a reference model over many random writes', () => {
    const r = new RingBuffer(64);
    let model = '';
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const s = 'x'.repeat(Math.floor(rand() * 100)).replace(/x/g, () => String.fromCharCode(97 + Math.floor(rand() * 26)));
      r.write(s);
      model = (model + s).slice(-64);
      expect(r.read().toString()).toBe(model);
    }
  });

  it('returns a copy and can be cleared', () => {
    const r = new RingBuffer(4);
    r.write('ab');
    const copy = r.read();
    r.write('cd');
    expect(copy.toString()).toBe('ab');
    r.clear();
    expect(r.read().length).toBe(0);
    expect(() => new RingBuffer(0)).toThrow(/positive/);
  });
});
