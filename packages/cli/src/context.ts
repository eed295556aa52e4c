import { ApiError, Client } from '@warren/sdk';
import type { Command } from 'commander';
import { CliConfig } from './config';
import { CliError, type CliIO } from './io';
import { selfName } from './self';

/** What every command needs: I/O, the config folder and a way to reach the server. */
export class CommandContext {
  constructor(
    readonly io: CliIO,
    private readonly root: Command,
  ) {}

  private get globals(): { url?: string; token?: string; globalConfig?: string } {
    return this.root.opts();
  }

  get config(): CliConfig {
    const dir = this.globals.globalConfig ?? this.io.env.CODER_CONFIG_DIR ?? CliConfig.defaultDir(this.io.env);
    return new CliConfig(dir);
  }

  /** The deployment URL: `--url`, then `CODER_URL`, then the one saved by `warren login`. */
  async url(): Promise<string | undefined> {
    return this.globals.url ?? this.io.env.CODER_URL ?? (await this.config.url());
  }

  /** The `--token` flag alone. */
  globalToken(): string | undefined {
    return this.globals.token;
  }

  async token(): Promise<string | undefined> {
    return this.globals.token ?? this.io.env.CODER_SESSION_TOKEN ?? (await this.config.session());
  }

  /** A client for the logged-in user, or a sentence telling how to log in. */
  async client(): Promise<Client> {
    const url = await this.url();
    const token = await this.token();
    if (!url || !token) throw new CliError(`You are not logged in. Try logging in using '${selfName()} login <url>'.`);
    return new Client(url, { sessionToken: token });
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Node's codes for a server certificate the client does not trust. */
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns a server error into the sentence shown to the user. */
export function describeError(err: unknown): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof ApiError) {
    const lines = [err.response.message];
    if (err.response.detail) lines.push(err.response.detail);
    for (const v of err.response.validations ?? []) lines.push(`  ${v.field}: ${v.detail}`);
    return lines.join('\n');
  }
  if (err instanceof TypeError && /fetch failed/.test(err.message)) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code && TLS_TRUST_CODES.has(cause.code)) {
      return `The server's TLS certificate is not trusted (${cause.code}): ${cause.message ?? ''}. If the deployment uses its own certificate authority, set NODE_EXTRA_CA_CERTS to its PEM file.`;
    }
    return `Could not reach the server: ${cause?.code ?? cause?.message ?? err.message}. Is the URL right and the server running?`;
  }
  return describeThrown(err);
}

/** Any thrown value as a sentence: never `undefined`, an empty line or a stack. */
export function describeThrown(err: unknown, depth = 0): string {
  if (err === undefined || err === null) return 'An unexpected error occurred, with no detail about it.';
  if (typeof err === 'string') return err.trim() || 'An unexpected error occurred, with no detail about it.';
  if (typeof err !== 'object') return `An unexpected error occurred: ${String(err)}.`;
  const e = err as { message?: unknown; name?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' ? e.message.trim() : '';
  if (message) return message;
  // Errors without a message (an AggregateError of failed connections, say) carry their detail elsewhere.
  const inner = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors[0] : e.cause;
  if (inner !== undefined && depth < 3) return describeThrown(inner, depth + 1);
  const name = typeof e.name === 'string' && e.name !== 'Error' ? e.name : 'error';
  if (typeof e.code === 'string' && e.code) return `An unexpected ${name} occurred (${e.code}), with no message.`;
  if (!(err instanceof Error)) {
    const json = safeJson(err);
    if (json && json !== '{}') return `An unexpected error occurred: ${json}.`;
  }
  return `An unexpected ${name} occurred, with no message.`;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
