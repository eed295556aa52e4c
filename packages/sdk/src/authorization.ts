/** Coder's permission checks (`POST /api/v2/authcheck`) and role descriptions. */
import { z } from 'zod';

export const authorizationObject = z.object({
  /** A Coder RBAC resource name, such as `workspace`, `template`, `user`, `deployment_config`. */
  resource_type: z.string().min(1, 'Object\'s "resource_type" field must be defined.'),
  /** A user id, or `me` for the caller. */
  owner_id: z.string().optional(),
  organization_id: z.string().optional(),
  /** A workspace, template or user id: the check then uses that object's owner and organization. */
  resource_id: z.string().optional(),
  /** Allowed in any organization the caller belongs to. */
  any_org: z.boolean().optional(),
});
export type AuthorizationObject = z.infer<typeof authorizationObject>;

export const authorizationRequest = z.object({
  checks: z
    .record(z.string(), z.object({ object: authorizationObject, action: z.string().min(1) }))
    .refine((checks) => Object.keys(checks).length <= 1000, 'At most 1000 checks per request.'),
});
export type AuthorizationRequest = z.infer<typeof authorizationRequest>;

/** Each check's key and whether the caller may do it. */
export type AuthorizationResponse = Record<string, boolean>;

export interface Permission {
  negate: boolean;
  resource_type: string;
  action: string;
}

export interface Role {
  name: string;
  organization_id?: string;
  display_name: string;
  site_permissions: Permission[];
  organization_permissions: Permission[];
  user_permissions: Permission[];
}

/** `GET /api/v2/users/roles`, `GET /api/v2/organizations/{org}/members/roles`. */
export interface AssignableRoles extends Role {
  assignable: boolean;
  built_in: boolean;
}
