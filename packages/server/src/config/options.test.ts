import { parseDuration } from '@warren/sdk';
import { describe, expect, it } from 'vitest';
import { parseHostPort, resolveServerConfig } from './options';

describe('server options', () => {
  it('derives the access URL from the listen address', () => {
    const c = resolveServerConfig({ 'http-address': '0.0.0.0:8080' });
    expect(c.accessUrl.toString()).toBe('http://127.0.0.1:8080/');
    expect(c.httpAddress).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(c.provisionerDaemons).toBe(3);
    expect(c.sessionDurationMs).toBe(24 * 3600_000);
  });

  it('refuses bad values with sentences', () => {
    expect(() => resolveServerConfig({ 'http-address': 'nope' })).toThrow(/not a host:port/);
    expect(() => resolveServerConfig({ 'access-url': 'ftp://x' })).toThrow(/http or https/);
    expect(() => resolveServerConfig({ 'provisioner-daemons': '-1' })).toThrow(/whole number/);
    expect(() => resolveServerConfig({ 'session-duration': '1 day' })).toThrow(/not a duration/);
  });

  it('parses IPv6 listen addresses and Go durations', () => {
    expect(parseHostPort('[::1]:3000')).toEqual({ host: '::1', port: 3000 });
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('876600h')).toBe(876600 * 3_600_000);
  });
});
