import { z } from 'zod';

export const NAME_PATTERN = /^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/;

/** Usernames, workspace, template and organization names share Coder's rule. */
export const nameSchema = z
  .string()
  .min(1, 'Must not be empty.')
  .max(32, 'Must be at most 32 characters.')
  .regex(NAME_PATTERN, 'Must be alphanumeric with single hyphens between words.');

export const SITE_ROLES = ['owner', 'template-admin', 'user-admin', 'auditor', 'member'] as const;
export type SiteRole = (typeof SITE_ROLES)[number];
export const ORGANIZATION_ROLES = [
  'organization-admin',
  'organization-member',
  'organization-template-admin',
  'organization-user-admin',
  'organization-auditor',
  'organization-workspace-creation-ban',
] as const;

export type UserStatus = 'active' | 'suspended' | 'dormant';
export type LoginType = 'password' | 'github' | 'oidc' | 'token' | 'none';

export interface SlimRole {
  name: string;
  display_name: string;
  organization_id: string;
}

export interface User {
  id: string;
  username: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
  last_seen_at: string;
  status: UserStatus;
  login_type: LoginType;
  theme_preference: string;
  organization_ids: string[];
  roles: SlimRole[];
  avatar_url: string;
}

/** `GET /users/{user}/roles`: site roles, and the roles in each organization by its id. */
export interface UserRoles {
  roles: string[];
  organization_roles: Record<string, string[]>;
}

export interface GetUsersResponse {
  users: User[];
  count: number;
}

export const createFirstUserRequest = z.object({
  email: z.string().email('Must be a valid email address.'),
  username: nameSchema,
  name: z.string().max(128).optional(),
  password: z.string().min(1, 'Must not be empty.'),
  trial: z.boolean().optional(),
});
export type CreateFirstUserRequest = z.infer<typeof createFirstUserRequest>;

export interface CreateFirstUserResponse {
  user_id: string;
  organization_id: string;
}

export const createUserRequest = z.object({
  email: z.string().email('Must be a valid email address.'),
  username: nameSchema,
  name: z.string().max(128).optional(),
  password: z.string().optional(),
  login_type: z.enum(['password', 'none', 'github', 'oidc']).optional(),
  user_status: z.enum(['active', 'suspended', 'dormant']).nullish(),
  organization_ids: z.array(z.string().uuid()).optional(),
  /** Older clients send a single organization. */
  organization_id: z.string().uuid().optional(),
  disable_login: z.boolean().optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const loginRequest = z.object({
  email: z.string().min(1, 'Must not be empty.'),
  password: z.string().min(1, 'Must not be empty.'),
});
export type LoginWithPasswordRequest = z.infer<typeof loginRequest>;

export interface LoginWithPasswordResponse {
  session_token: string;
}

/** `POST /users/{user}/convert-login`: the user's password authorizes moving their account to `to_type`. */
export const convertLoginRequest = z.object({
  to_type: z.string().min(1, 'Must not be empty.'),
  password: z.string().min(1, 'Must not be empty.'),
});
export type ConvertLoginRequest = z.infer<typeof convertLoginRequest>;

/** The state to start the provider's sign-in with (`/users/oidc/callback?oidc_merge_state=`), valid until `expires_at`. */
export interface OAuthConversionResponse {
  state_string: string;
  expires_at: string;
  to_type: string;
  user_id: string;
}

/** `GET /users/authmethods`: how people may sign in. */
export interface AuthMethods {
  terms_of_service_url: string;
  password: { enabled: boolean };
  github: { enabled: boolean; default_provider_configured: boolean };
  oidc: { enabled: boolean; signInText: string; iconUrl: string };
}

/** Where a browser starts signing in with OpenID Connect, coming back to `redirect` (a path on the site). */
export const OIDC_SIGN_IN_PATH = '/api/v2/users/oidc/callback';

export const updateRolesRequest = z.object({
  roles: z.array(z.string()),
});
export type UpdateRoles = z.infer<typeof updateRolesRequest>;
