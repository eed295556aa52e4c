import { describe, expect, it } from 'vitest';
import { appRequestHeaders, parseCookies, stripTokenQuery } from './request-headers';

describe('what reaches an app', () => {
  it('drops Warren credentials and hop-by-hop headers, adds X-Forwarded-*', () => {
    const out = appRequestHeaders(
      {
        host: 'dash.example.com',
        cookie: 'coder_session_token=s; a=1; coder_signed_app_token=t; coder_subdomain_app_session_token=k; b=2',
        'coder-session-token': 'secret',
        connection: 'keep-alive',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'spoofed',
        accept: 'text/html',
      },
      { remoteAddress: '127.0.0.1', host: 'dash.example.com', proto: 'https' },
      false,
    );
    expect(out).toEqual({
      host: 'dash.example.com',
      cookie: 'a=1; b=2',
      accept: 'text/html',
      'x-forwarded-for': '10.0.0.1, 127.0.0.1',
      'x-forwarded-host': 'dash.example.com',
      'x-forwarded-proto': 'https',
    });
  });

  it('keeps the upgrade of a WebSocket and sends no empty cookie', () => {
    const out = appRequestHeaders({ upgrade: 'websocket', connection: 'Upgrade', cookie: 'coder_session_token=s' }, { remoteAddress: undefined, host: undefined, proto: 'http' }, true);
    expect(out).toEqual({ connection: 'Upgrade', upgrade: 'websocket', 'x-forwarded-proto': 'http' });
  });

  it('strips token query parameters and keeps the rest as written', () => {
    expect(stripTokenQuery('?a=1&coder_session_token=x&b=%20')).toBe('?a=1&b=%20');
    expect(stripTokenQuery('?coder_application_connect_api_key_35e783=x')).toBe('');
    expect(stripTokenQuery('')).toBe('');
  });

  it('parses cookies, first of a name wins', () => {
    expect(parseCookies('a=1; b="two"; a=3; c=%20x')).toEqual(new Map([['a', '1'], ['b', 'two'], ['c', ' x']]));
  });
});
