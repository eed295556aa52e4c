import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { normaliseUrl } from './commands/login';
import { addOptionTable, readOptionTable } from './options';
import { formatTable } from './output';

describe('CLI helpers', () => {
  it('formats tables with upper-case headers and aligned columns', () => {
    const text = formatTable([{ name: 'a', 'created at': 'x' }, { name: 'longer', 'created at': 'y' }], ['name', 'created at']);
    expect(text).toBe('NAME    CREATED AT\na       x\nlonger  y\n');
  });

  it('reads options as flag over environment over default', () => {
    const table = [
      { flag: 'http-address', env: 'CODER_HTTP_ADDRESS', default: '127.0.0.1:3000', kind: 'string' as const, description: 'd' },
      { flag: 'verbose', env: 'CODER_VERBOSE', default: 'false', kind: 'bool' as const, description: 'd' },
    ];
    const parse = (argv: string[], env: Record<string, string>) => {
      const cmd = addOptionTable(new Command('x').exitOverride(), table);
      cmd.parse(argv, { from: 'user' });
      return readOptionTable(cmd, table, env);
    };
    expect(parse([], {})).toEqual({ 'http-address': '127.0.0.1:3000', verbose: 'false' });
    expect(parse([], { CODER_HTTP_ADDRESS: ':9' })['http-address']).toBe(':9');
    expect(parse(['--http-address', ':1', '--verbose'], { CODER_HTTP_ADDRESS: ':9' })).toEqual({ 'http-address': ':1', verbose: 'true' });
  });

  it('normalises deployment URLs', () => {
    expect(normaliseUrl('127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(normaliseUrl('coder.example.com')).toBe('https://coder.example.com');
    expect(normaliseUrl('http://x.example.com/')).toBe('http://x.example.com');
  });
});
