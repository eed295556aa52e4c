import type { ProvisionerJob, TemplateVersion, TemplateVersionParameter, TemplateVersionVariable } from '@warren/sdk';
import type { TemplateVersionParameterRow, TemplateVersionVariableRow, TemplateVersionView } from '../db/queries/template-versions';
import { iso } from '../users/convert';

const FORM_TYPES = ['', 'error', 'radio', 'dropdown', 'input', 'textarea', 'slider', 'checkbox', 'switch', 'tag-select', 'multi-select'];

export function toTemplateVersion(row: TemplateVersionView, job: ProvisionerJob): TemplateVersion {
  const version: TemplateVersion = {
    id: row.id,
    organization_id: row.organization_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    name: row.name,
    message: row.message,
    job,
    readme: row.readme,
    created_by: { id: row.created_by, username: row.created_by_username, avatar_url: row.created_by_avatar_url, name: row.created_by_name },
    archived: row.archived,
    warnings: [],
  };
  if (row.template_id) version.template_id = row.template_id;
  if (job.matched_provisioners) version.matched_provisioners = job.matched_provisioners;
  return version;
}

export function toTemplateVersionParameter(row: TemplateVersionParameterRow): TemplateVersionParameter {
  const p: TemplateVersionParameter = {
    name: row.name,
    display_name: row.display_name,
    description: row.description,
    description_plaintext: row.description,
    type: row.type as TemplateVersionParameter['type'],
    mutable: row.mutable,
    default_value: row.default_value,
    icon: row.icon,
    options: row.options,
    validation_error: row.validation_error,
    validation_regex: row.validation_regex,
    validation_monotonic: row.validation_monotonic as TemplateVersionParameter['validation_monotonic'],
    required: row.required,
    ephemeral: row.ephemeral,
    form_type: FORM_TYPES[row.form_type] ?? '',
  };
  if (row.validation_min !== null) p.validation_min = row.validation_min;
  if (row.validation_max !== null) p.validation_max = row.validation_max;
  return p;
}

/** Sensitive values are never shown back. */
export function toTemplateVersionVariable(row: TemplateVersionVariableRow): TemplateVersionVariable {
  return {
    name: row.name,
    description: row.description,
    type: row.type,
    value: row.sensitive ? '' : row.value,
    default_value: row.sensitive ? '' : row.default_value,
    required: row.required,
    sensitive: row.sensitive,
  };
}
