import type { SlimRole } from './users';

export interface Organization {
  id: string;
  name: string;
  display_name: string;
  description: string;
  icon: string;
  created_at: string;
  updated_at: string;
  is_default: boolean;
}

/** A user's membership of an organization, with its roles. */
export interface OrganizationMember {
  user_id: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  roles: SlimRole[];
}

export interface OrganizationMemberWithUserData {
  username: string;
  name: string;
  avatar_url: string;
  email: string;
  global_roles: SlimRole[];
  user_id: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  roles: SlimRole[];
}
