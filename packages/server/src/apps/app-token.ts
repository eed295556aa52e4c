/**
 * The two secrets of the app proxy: signed app tokens (an HMAC-SHA256 over a JSON payload, kept
 * in the `coder_signed_app_token` cookie, checked on every proxied request and WebSocket upgrade
 * and valid for a minute), and the sealed API key the auth redirect hands to a subdomain app
 * (AES-256-GCM, so the key never travels readable in a URL). Both keys live in site_configs.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/database';
import { ensureSiteConfig } from '../db/queries/site-configs';

export const SIGNED_APP_TOKEN_COOKIE = 'coder_signed_app_token';
export const SUBDOMAIN_APP_SESSION_COOKIE = 'coder_subdomain_app_session_token';
export const APP_CONNECT_KEY_QUERY = 'coder_application_connect_api_key_35e783';
/** How long a signed app token stands for the decision it records. */
export const SIGNED_APP_TOKEN_TTL_MS = 60_000;

/** What a signed token allows: one user (or anyone, for public apps) into one app target. */
export interface AppTokenPayload {
  /** The app's address: `path:/@user/ws.agent/apps/slug` or `host:slug--agent--ws--user`. */
  app: string;
  agentId: string;
  agentName: string;
  /** Where the agent connects: a loopback port, http or https. */
  port: number;
  https: boolean;
  /** The path and query of the app's URL. */
  basePath: string;
  baseQuery: string;
  /** The user the decision was made for; empty for a public app opened without a session. */
  userId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export class AppSecrets {
  private constructor(
    private readonly signingKey: Buffer,
    private readonly sealingKey: Buffer,
  ) {}

  static async load(db: Queryable): Promise<AppSecrets> {
    const signing = await ensureSiteConfig(db, 'app_signing_key', randomBytes(32).toString('hex'));
    const sealing = await ensureSiteConfig(db, 'app_encryption_key', randomBytes(32).toString('hex'));
    return new AppSecrets(Buffer.from(signing, 'hex'), Buffer.from(sealing, 'hex'));
  }

  static forTesting(): AppSecrets {
    return new AppSecrets(randomBytes(32), randomBytes(32));
  }

  sign(payload: AppTokenPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a token this server signed that has not expired at `now`; undefined otherwise. */
  verify(token: string | undefined, now: number): AppTokenPayload | undefined {
    if (!token) return undefined;
    const dot = token.indexOf('.');
    if (dot < 1) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let payload: AppTokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as AppTokenPayload;
    } catch {
      return undefined;
    }
    return typeof payload.expiresAt === 'number' && payload.expiresAt > now ? payload : undefined;
  }

  /** Seals an API key for the redirect to a subdomain app; it opens only before `expiresAt`. */
  seal(apiKey: string, expiresAt: number): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify({ k: apiKey, e: expiresAt })), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
  }

  unseal(sealed: string, now: number): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.sealingKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString()) as { k: string; e: number };
      return typeof plain.k === 'string' && plain.e > now ? plain.k : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.signingKey).update(body).digest('base64url');
  }
}
