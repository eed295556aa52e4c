import { z } from 'zod';
import type { LoginType } from './users';

export type APIKeyScope = 'all' | 'application_connect';

export interface APIKey {
  id: string;
  user_id: string;
  last_used: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
  login_type: LoginType;
  scope: APIKeyScope;
  token_name: string;
  lifetime_seconds: number;
}

export interface APIKeyWithOwner extends APIKey {
  username: string;
}

/** `lifetime` is a Go time.Duration: integer nanoseconds, 0 means the server default. */
export const createTokenRequest = z.object({
  lifetime: z.number().int().nonnegative().optional(),
  scope: z.enum(['all', 'application_connect']).optional(),
  token_name: z
    .string()
    .max(64, 'Must be at most 64 characters.')
    .regex(/^[a-zA-Z0-9_-]*$/, 'Must contain only letters, digits, hyphens and underscores.')
    .optional(),
});
export type CreateTokenRequest = z.infer<typeof createTokenRequest>;

export interface GenerateAPIKeyResponse {
  key: string;
}

export interface TokenConfig {
  max_token_lifetime: number;
}
