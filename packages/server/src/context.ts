import type { OptionValues } from '@warren/sdk';
import type { Logger } from 'pino';
import type { LoginThrottle } from './auth/login-throttle';
import type { Clock } from './clock';
import type { ExternalAuthConfig } from './config/external-auth-options';
import type { OidcConfig } from './config/oidc-options';
import type { AppsConfig, SecurityConfig } from './config/options';
import type { Database } from './db/database';
import type { TokenCipher } from './db/token-cipher';
import type { Pubsub } from './db/pubsub';
import type { ServerMetrics } from './metrics/metrics';

/** What every domain of the running server shares; built once in main.ts. */
export interface ServerContext {
  db: Database;
  /** LISTEN/NOTIFY on the same database. */
  pubsub: Pubsub;
  log: Logger;
  clock: Clock;
  accessUrl: URL;
  version: string;
  deploymentId: string;
  loginThrottle: LoginThrottle;
  /** Lifetime of a session created by logging in. */
  sessionDurationMs: number;
  /** The longest lifetime a token may ask for. */
  maxTokenLifetimeMs: number;
  /** Lifetime of a token created with lifetime 0. */
  defaultTokenLifetimeMs: number;
  /** The pre-shared key external provisioner daemons may use; undefined refuses it. */
  provisionerDaemonPsk?: string;
  metrics?: ServerMetrics;
  sshHostnamePrefix: string;
  workspaceHostnameSuffix: string;
  /** The server's option values, for `/deployment/config` (which withholds secrets). */
  optionValues: OptionValues;
  /** Workspace apps: the wildcard host of subdomain apps, the path-app switches. */
  apps: AppsConfig;
  /** Rate limit, cookie and transport security settings. */
  security: SecurityConfig;
  /** Signing in with OpenID Connect; undefined when it is off. */
  oidc?: OidcConfig;
  /** External auth providers (`CODER_EXTERNAL_AUTH_<n>_*`), in the order configured. */
  externalAuth: ExternalAuthConfig[];
  /** Encrypts the external auth tokens at rest (`--external-token-encryption-keys`); without keys it stores them as they are. */
  tokenCipher: TokenCipher;
  /** Owners may rename their workspaces (`--allow-workspace-renames`). */
  allowWorkspaceRenames?: boolean;
}
