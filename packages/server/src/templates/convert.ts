import type { Template } from '@warren/sdk';
import type { TemplateSettings, TemplateView } from '../db/queries/templates';
import type { CreateTemplateRequest, UpdateTemplateMeta } from '@warren/sdk';
import { iso } from '../users/convert';

const NO_STATS = { p50: null, p95: null };

export function toTemplate(row: TemplateView): Template {
  return {
    id: row.id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    organization_id: row.organization_id,
    organization_name: row.organization_name,
    organization_display_name: row.organization_display_name,
    organization_icon: row.organization_icon,
    name: row.name,
    display_name: row.display_name,
    provisioner: 'terraform',
    active_version_id: row.active_version_id,
    active_user_count: row.active_user_count,
    build_time_stats: { start: NO_STATS, stop: NO_STATS, delete: NO_STATS },
    description: row.description,
    deprecated: row.deprecation_message !== '',
    deprecation_message: row.deprecation_message,
    icon: row.icon,
    default_ttl_ms: row.default_ttl_ms,
    activity_bump_ms: row.activity_bump_ms,
    autostop_requirement: { days_of_week: row.autostop_requirement_days_of_week, weeks: row.autostop_requirement_weeks },
    autostart_requirement: { days_of_week: row.autostart_requirement_days_of_week },
    created_by_id: row.created_by,
    created_by_name: row.created_by_name,
    allow_user_autostart: row.allow_user_autostart,
    allow_user_autostop: row.allow_user_autostop,
    allow_user_cancel_workspace_jobs: row.allow_user_cancel_workspace_jobs,
    failure_ttl_ms: row.failure_ttl_ms,
    time_til_dormant_ms: row.time_til_dormant_ms,
    time_til_dormant_autodelete_ms: row.time_til_dormant_autodelete_ms,
    require_active_version: row.require_active_version,
    max_port_share_level: row.max_port_share_level,
  };
}

/** Template settings of a create request, by column. */
export function createSettings(req: CreateTemplateRequest): TemplateSettings {
  return {
    name: req.name,
    display_name: req.display_name,
    description: req.description,
    icon: req.icon,
    default_ttl_ms: req.default_ttl_ms,
    activity_bump_ms: req.activity_bump_ms,
    autostop_requirement_days_of_week: req.autostop_requirement?.days_of_week,
    autostop_requirement_weeks: req.autostop_requirement ? Math.max(1, req.autostop_requirement.weeks) : undefined,
    autostart_requirement_days_of_week: req.autostart_requirement?.days_of_week,
    allow_user_autostart: req.allow_user_autostart ?? undefined,
    allow_user_autostop: req.allow_user_autostop ?? undefined,
    allow_user_cancel_workspace_jobs: req.allow_user_cancel_workspace_jobs ?? undefined,
    failure_ttl_ms: req.failure_ttl_ms,
    time_til_dormant_ms: req.dormant_ttl_ms,
    time_til_dormant_autodelete_ms: req.delete_ttl_ms,
    require_active_version: req.require_active_version,
    max_port_share_level: req.max_port_share_level ?? undefined,
  };
}

/** Template settings an update request changes, by column (nulls reset text fields). */
export function updateSettings(req: UpdateTemplateMeta): TemplateSettings {
  return {
    name: req.name,
    display_name: req.display_name === null ? '' : req.display_name,
    description: req.description === null ? '' : req.description,
    icon: req.icon === null ? '' : req.icon,
    default_ttl_ms: req.default_ttl_ms,
    activity_bump_ms: req.activity_bump_ms,
    autostop_requirement_days_of_week: req.autostop_requirement === null ? [] : req.autostop_requirement?.days_of_week,
    autostop_requirement_weeks: req.autostop_requirement ? Math.max(1, req.autostop_requirement.weeks) : undefined,
    autostart_requirement_days_of_week: req.autostart_requirement?.days_of_week,
    allow_user_autostart: req.allow_user_autostart,
    allow_user_autostop: req.allow_user_autostop,
    allow_user_cancel_workspace_jobs: req.allow_user_cancel_workspace_jobs,
    failure_ttl_ms: req.failure_ttl_ms,
    time_til_dormant_ms: req.time_til_dormant_ms,
    time_til_dormant_autodelete_ms: req.time_til_dormant_autodelete_ms,
    require_active_version: req.require_active_version,
    deprecation_message: req.deprecation_message === null ? '' : req.deprecation_message,
    max_port_share_level: req.max_port_share_level ?? undefined,
  };
}
