import { z } from 'zod';
import type { ProvisionerJob } from './jobs';
import type { MatchedProvisioners } from './jobs';
import { nameSchema } from './users';

/** `POST /files` answers the new (or existing) file's id in a field named `hash`. */
export interface UploadResponse {
  hash: string;
}

export const FILE_CONTENT_TYPE_TAR = 'application/x-tar';
export const MAX_FILE_UPLOAD_BYTES = 100 * 1024 * 1024;

const tagsSchema = z.record(z.string(), z.string());
const nameValue = z.object({ name: z.string(), value: z.string() });

export const createTemplateVersionRequest = z.object({
  name: z.string().max(64, 'Must be at most 64 characters.').optional(),
  message: z.string().max(1048576).optional(),
  template_id: z.string().uuid().optional(),
  storage_method: z.literal('file'),
  file_id: z.string().uuid().optional(),
  example_id: z.string().optional(),
  provisioner: z.enum(['terraform', 'echo']),
  tags: tagsSchema.optional(),
  user_variable_values: z.array(nameValue).optional(),
});
export type CreateTemplateVersionRequest = z.infer<typeof createTemplateVersionRequest>;

export const patchTemplateVersionRequest = z.object({
  name: z.string().max(64, 'Must be at most 64 characters.').optional(),
  message: z.string().max(1048576).nullable().optional(),
});
export type PatchTemplateVersionRequest = z.infer<typeof patchTemplateVersionRequest>;

const daysOfWeek = z.array(z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']));
const ms = z.number().int().nonnegative();

export const createTemplateRequest = z.object({
  name: nameSchema,
  display_name: z.string().max(64, 'Must be at most 64 characters.').optional(),
  description: z.string().max(128, 'Must be less than 128 bytes.').optional(),
  icon: z.string().optional(),
  template_version_id: z.string().uuid(),
  default_ttl_ms: ms.optional(),
  activity_bump_ms: ms.optional(),
  autostop_requirement: z.object({ days_of_week: daysOfWeek, weeks: z.number().int().nonnegative() }).optional(),
  autostart_requirement: z.object({ days_of_week: daysOfWeek }).optional(),
  allow_user_cancel_workspace_jobs: z.boolean().nullable().optional(),
  allow_user_autostart: z.boolean().nullable().optional(),
  allow_user_autostop: z.boolean().nullable().optional(),
  failure_ttl_ms: ms.optional(),
  dormant_ttl_ms: ms.optional(),
  delete_ttl_ms: ms.optional(),
  disable_everyone_group_access: z.boolean().optional(),
  require_active_version: z.boolean().optional(),
  max_port_share_level: z.enum(['owner', 'authenticated', 'organization', 'public']).nullable().optional(),
});
export type CreateTemplateRequest = z.infer<typeof createTemplateRequest>;

export const updateTemplateMeta = z.object({
  name: nameSchema.optional(),
  display_name: z.string().max(64, 'Must be at most 64 characters.').nullable().optional(),
  description: z.string().max(128, 'Must be less than 128 bytes.').nullable().optional(),
  icon: z.string().nullable().optional(),
  default_ttl_ms: ms.optional(),
  activity_bump_ms: ms.optional(),
  autostop_requirement: z.object({ days_of_week: daysOfWeek, weeks: z.number().int().nonnegative() }).nullable().optional(),
  autostart_requirement: z.object({ days_of_week: daysOfWeek }).nullable().optional(),
  allow_user_autostart: z.boolean().optional(),
  allow_user_autostop: z.boolean().optional(),
  allow_user_cancel_workspace_jobs: z.boolean().optional(),
  failure_ttl_ms: ms.optional(),
  time_til_dormant_ms: ms.optional(),
  time_til_dormant_autodelete_ms: ms.optional(),
  update_workspace_last_used_at: z.boolean().optional(),
  update_workspace_dormant_at: z.boolean().optional(),
  require_active_version: z.boolean().optional(),
  deprecation_message: z.string().nullable().optional(),
  disable_everyone_group_access: z.boolean().optional(),
  max_port_share_level: z.enum(['owner', 'authenticated', 'organization', 'public']).nullable().optional(),
});
export type UpdateTemplateMeta = z.infer<typeof updateTemplateMeta>;

export const updateActiveTemplateVersion = z.object({ id: z.string().uuid() });
export type UpdateActiveTemplateVersion = z.infer<typeof updateActiveTemplateVersion>;

export interface TransitionStats {
  p50: number | null;
  p95: number | null;
}

export interface Template {
  id: string;
  created_at: string;
  updated_at: string;
  organization_id: string;
  organization_name: string;
  organization_display_name: string;
  organization_icon: string;
  name: string;
  display_name: string;
  provisioner: 'terraform';
  active_version_id: string;
  active_user_count: number;
  build_time_stats: { start: TransitionStats; stop: TransitionStats; delete: TransitionStats };
  description: string;
  deprecated: boolean;
  deprecation_message: string;
  icon: string;
  default_ttl_ms: number;
  activity_bump_ms: number;
  autostop_requirement: { days_of_week: string[]; weeks: number };
  autostart_requirement: { days_of_week: string[] };
  created_by_id: string;
  created_by_name: string;
  allow_user_autostart: boolean;
  allow_user_autostop: boolean;
  allow_user_cancel_workspace_jobs: boolean;
  failure_ttl_ms: number;
  time_til_dormant_ms: number;
  time_til_dormant_autodelete_ms: number;
  require_active_version: boolean;
  max_port_share_level: string;
}

export interface MinimalUser {
  id: string;
  username: string;
  avatar_url: string;
  name: string;
}

export interface TemplateVersion {
  id: string;
  template_id?: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  name: string;
  message: string;
  job: ProvisionerJob;
  readme: string;
  created_by: MinimalUser;
  archived: boolean;
  warnings: string[];
  matched_provisioners?: MatchedProvisioners;
}

export interface TemplateVersionParameterOption {
  name: string;
  description: string;
  value: string;
  icon: string;
}

export interface TemplateVersionParameter {
  name: string;
  display_name: string;
  description: string;
  description_plaintext: string;
  type: 'string' | 'number' | 'bool' | 'list(string)';
  mutable: boolean;
  default_value: string;
  icon: string;
  options: TemplateVersionParameterOption[];
  validation_error: string;
  validation_regex: string;
  validation_min?: number;
  validation_max?: number;
  validation_monotonic: 'increasing' | 'decreasing' | '';
  required: boolean;
  ephemeral: boolean;
  form_type: string;
}

export interface TemplateVersionVariable {
  name: string;
  description: string;
  type: 'string' | 'number' | 'bool';
  value: string;
  default_value: string;
  required: boolean;
  sensitive: boolean;
}

export interface TemplateVersionExternalAuth {
  id: string;
  type: string;
  display_name: string;
  display_icon: string;
  authenticate_url: string;
  authenticated: boolean;
  optional: boolean;
}

/** A starter template the server ships (`GET /api/v2/templates/examples`). */
export interface TemplateExample {
  id: string;
  url: string;
  name: string;
  description: string;
  icon: string;
  tags: string[];
  markdown: string;
}

/** Daily active users of a template (`GET /api/v2/templates/{id}/daus`); dates are YYYY-MM-DD at `tz_hour_offset`. */
export interface DAUsResponse {
  entries: Array<{ date: string; amount: number }>;
  tz_hour_offset: number;
}

/**
 * A preset of a template version (`GET /api/v2/templateversions/{id}/presets`): named parameter
 * values for the create form. Coder's JSON keeps Go's field names here (`ID`, `Name`, ...).
 */
export interface TemplateVersionPreset {
  ID: string;
  Name: string;
  Parameters: Array<{ Name: string; Value: string }>;
  Default: boolean;
  DesiredPrebuildInstances: number | null;
  Description: string;
  Icon: string;
}

/** `POST /templates/{id}/versions/archive`: every unused version when `all`, else the failed imports. */
export const archiveTemplateVersionsRequest = z.object({
  all: z.boolean().optional(),
});
export type ArchiveTemplateVersionsRequest = z.infer<typeof archiveTemplateVersionsRequest>;

export interface ArchiveTemplateVersionsResponse {
  template_id: string;
  archived_ids: string[];
}

/** `POST /templateversions/{id}/dry-run`: a plan of a would-be workspace, nothing created. */
export const createTemplateVersionDryRunRequest = z.object({
  workspace_name: z.string().max(64).optional(),
  rich_parameter_values: z.array(nameValue).max(1000).optional(),
  user_variable_values: z.array(nameValue).max(1000).optional(),
});
export type CreateTemplateVersionDryRunRequest = z.infer<typeof createTemplateVersionDryRunRequest>;
