import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact';

describe('redactUrl', () => {
  it('hides credentials in the query and the provisioner key in its path, and nothing else', () => {
    expect(redactUrl('/api/v2/workspacebuilds/abc/logs?follow=true&coder_session_token=k3y-s3cret')).toBe('/api/v2/workspacebuilds/abc/logs?follow=true&coder_session_token=[redacted]');
    expect(redactUrl('/@u/w/apps/a/?coder_application_connect_api_key_35e783=sealed&x=1')).toBe('/@u/w/apps/a/?coder_application_connect_api_key_35e783=[redacted]&x=1');
    expect(redactUrl('/x?Coder_Session_Token=a')).toBe('/x?Coder_Session_Token=[redacted]');
    expect(redactUrl('/x?coder_session_token%3D=a')).toBe('/x?coder_session_token%3D=a');
    expect(redactUrl('/api/v2/provisionerkeys/SVbzYVDUIWuS42Rh3edo?x=%zz')).toBe('/api/v2/provisionerkeys/[redacted]?x=%zz');
    expect(redactUrl('/api/v2/users/me?q=coder_session_token')).toBe('/api/v2/users/me?q=coder_session_token');
    expect(redactUrl('/api/v2/buildinfo')).toBe('/api/v2/buildinfo');
    expect(redactUrl('/api/v2/users/oidc/callback?code=abc&state=xyz&iss=http')).toBe('/api/v2/users/oidc/callback?code=[redacted]&state=xyz&iss=http');
    expect(redactUrl('/@u/w/apps/a/?code=42')).toBe('/@u/w/apps/a/?code=42');
  });
});
