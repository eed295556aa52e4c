import type { TemplateVersionParameter } from '@warren/sdk/templates';

export const param = (over: Partial<TemplateVersionParameter> & { name: string }): TemplateVersionParameter => ({
  display_name: '', description: '', description_plaintext: '', type: 'string', mutable: true, default_value: '',
  icon: '', options: [], validation_error: '', validation_regex: '', validation_monotonic: '', required: false, ephemeral: false, form_type: '',
  ...over,
});

export const option = (value: string, description = '') => ({ name: value.toUpperCase(), value, description, icon: '' });

/** One parameter of every form type the provider serves. */
export const EVERY_FORM_TYPE: TemplateVersionParameter[] = [
  param({ name: 'repo', display_name: 'Repository', description: 'The **git** URL to clone.', validation_regex: '^https://', validation_error: 'Use an https URL.', default_value: 'https://example.com/x.git' }),
  param({ name: 'notes', form_type: 'textarea', default_value: 'hello' }),
  param({ name: 'region', form_type: 'dropdown', options: [option('eu', 'Europe'), option('us', 'America')], default_value: 'eu' }),
  param({ name: 'size', form_type: 'radio', options: [option('small'), option('large')], default_value: 'small', mutable: false }),
  param({ name: 'gpu', type: 'bool', form_type: 'checkbox', default_value: 'false' }),
  param({ name: 'dotfiles', type: 'bool', form_type: 'switch', default_value: 'true', ephemeral: true }),
  param({ name: 'cpu', type: 'number', form_type: 'slider', validation_min: 1, validation_max: 8, default_value: '2' }),
  param({ name: 'disk', type: 'number', validation_min: 10, validation_max: 100, validation_error: 'Disk must be {min} to {max} GB.', default_value: '20' }),
  param({ name: 'ides', type: 'list(string)', form_type: 'multi-select', options: [option('vim'), option('emacs')], default_value: '["vim"]' }),
  param({ name: 'tags', type: 'list(string)', form_type: 'tag-select', default_value: '[]' }),
];
