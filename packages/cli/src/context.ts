import { ApiError, Client } from '@warren/sdk';
import type { Command } from 'commander';
import { CliConfig } from './config';
import { CliError, type CliIO } from './io';

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
    if (!url || !token) throw new CliError("You are not logged in. Try logging in using 'warren login <url>'.");
    return new Client(url, { sessionToken: token });
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

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
    return `Could not reach the server: ${cause?.code ?? cause?.message ?? err.message}. Is the URL right and the server running?`;
  }
  return err instanceof Error ? err.message : String(err);
}
