/**
 * Request URLs as they may be logged: credentials a URL can carry (the session token and app
 * keys in the query, a provisioner key in the path of its check route, the authorization code
 * an OpenID Connect provider sends back) replaced by `[redacted]`.
 */
const SECRET_QUERY = /^(coder_session_token|coder_application_connect_api_key[a-z0-9_]*|coder_signed_app_token[a-z0-9_]*|coder_subdomain_app_session_token[a-z0-9_]*)$/i;
const SECRET_PATH = /^(\/api\/v2\/provisionerkeys\/)[^/?]+/;
const OIDC_CALLBACK = '/api/v2/users/oidc/callback';

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(SECRET_PATH, '$1[redacted]');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // an undecodable name is shown as sent
      }
      const secret = SECRET_QUERY.test(name) || (path === OIDC_CALLBACK && name === 'code');
      return eq >= 0 && secret ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}
