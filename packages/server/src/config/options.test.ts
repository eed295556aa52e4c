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

  it('reads the TLS, cookie, HSTS and rate limit flags as Coder names them', () => {
    const c = resolveServerConfig({
      'http-address': '',
      'tls-enable': 'true',
      'tls-cert-file': ['/a.pem', '/b.pem'],
      'tls-key-file': '/a.key,/b.key',
      'tls-min-version': 'tls13',
      'strict-transport-security': '3600',
      'strict-transport-security-options': 'includesubdomains,preload',
      'api-rate-limit': '-1',
      'disable-password-auth': 'true',
    });
    expect(c.httpAddress).toBeUndefined();
    expect(c.tls).toEqual({ address: { host: '127.0.0.1', port: 3443 }, certFiles: ['/a.pem', '/b.pem'], keyFiles: ['/a.key', '/b.key'], minVersion: 'TLSv1.3' });
    expect(c.accessUrl.toString()).toBe('https://127.0.0.1:3443/');
    expect(c.security).toEqual({
      apiRateLimit: -1,
      secureAuthCookie: false,
      strictTransportSecurity: 3600,
      strictTransportSecurityOptions: ['includeSubDomains', 'preload'],
      redirectToAccessUrl: false,
      disablePasswordAuth: true,
    });
    expect(resolveServerConfig({}).security.apiRateLimit).toBe(512);
    expect(resolveServerConfig({}).security.disablePasswordAuth).toBe(false);
    expect(resolveServerConfig({}).tls).toBeUndefined();
  });

  it('refuses bad TLS and security values with sentences', () => {
    const tls = { 'tls-enable': 'true', 'tls-cert-file': '/a.pem', 'tls-key-file': '/a.key' };
    expect(() => resolveServerConfig({ ...tls, 'tls-min-version': 'ssl3' })).toThrow(/tls10, tls11, tls12 or tls13/);
    expect(() => resolveServerConfig({ ...tls, 'tls-key-file': '' })).toThrow(/must come in pairs/);
    expect(() => resolveServerConfig({ 'tls-enable': 'true' })).toThrow(/at least one --tls-cert-file/);
    expect(() => resolveServerConfig({ 'http-address': '' })).toThrow(/Either --http-address or --tls-enable/);
    expect(() => resolveServerConfig({ 'api-rate-limit': 'lots' })).toThrow(/whole number/);
    expect(() => resolveServerConfig({ 'strict-transport-security-options': 'preload' })).toThrow(/needs --strict-transport-security/);
    expect(() => resolveServerConfig({ 'strict-transport-security': '60', 'strict-transport-security-options': 'forever' })).toThrow(/includeSubDomains or preload/);
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
