export interface BuildInfoResponse {
  external_url: string;
  version: string;
  agent_api_version: string;
  provisioner_api_version: string;
  dashboard_url: string;
  workspace_proxy: boolean;
  upgrade_message: string;
  deployment_id: string;
  webpush_public_key: string;
  telemetry: boolean;
}

/** Header every response carries; the CLI compares it with its own version. */
export const BUILD_VERSION_HEADER = 'X-Coder-Build-Version';
export const SESSION_TOKEN_HEADER = 'Coder-Session-Token';
export const SESSION_TOKEN_COOKIE = 'coder_session_token';
export const SESSION_TOKEN_QUERY = 'coder_session_token';
/** Owners sending `true` in this header are not rate limited (load tests, automation), as in Coder. */
export const BYPASS_RATELIMIT_HEADER = 'X-Coder-Bypass-Ratelimit';
