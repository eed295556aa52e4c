import { client } from '../client';

export const templateKeys = {
  all: ['templates'] as const,
  byName: (org: string, name: string) => ['templates', org, name] as const,
  versions: (templateId: string) => ['templates', 'versions', templateId] as const,
  version: (id: string) => ['templateversions', id] as const,
  parameters: (versionId: string) => ['templateversions', versionId, 'rich-parameters'] as const,
  resources: (versionId: string) => ['templateversions', versionId, 'resources'] as const,
  presets: (versionId: string) => ['templateversions', versionId, 'presets'] as const,
};

export const templates = () => ({ queryKey: templateKeys.all, queryFn: () => client.templates() });

export const templateByName = (org: string, name: string) => ({
  queryKey: templateKeys.byName(org, name),
  queryFn: () => client.templateByName(org, name),
});

export const templateVersions = (templateId: string) => ({
  queryKey: templateKeys.versions(templateId),
  queryFn: () => client.templateVersionsByTemplate(templateId),
});

export const templateVersion = (id: string) => ({ queryKey: templateKeys.version(id), queryFn: () => client.templateVersion(id) });

/** A version's rich parameters; they never change once the version is imported. */
export const richParameters = (versionId: string) => ({
  queryKey: templateKeys.parameters(versionId),
  queryFn: () => client.templateVersionRichParameters(versionId),
  staleTime: Infinity,
});

export const templateVersionResources = (versionId: string) => ({
  queryKey: templateKeys.resources(versionId),
  queryFn: () => client.templateVersionResources(versionId),
  staleTime: Infinity,
});

/** A version's presets (`coder_workspace_preset`): named sets of parameter values. */
export const templateVersionPresets = (versionId: string) => ({
  queryKey: templateKeys.presets(versionId),
  queryFn: () => client.templateVersionPresets(versionId),
  staleTime: Infinity,
});

/** The starter templates this deployment ships. */
export const templateExamples = (org: string) => ({
  queryKey: ['templates', 'examples', org] as const,
  queryFn: () => client.templateExamples(org),
  staleTime: Infinity,
});

/**
 * Makes a template from a starter template: imports it as a new version, waits for the import
 * (polling), then creates the template on it. Fails with the import's error.
 */
export async function createTemplateFromExample(org: string, req: { exampleId: string; name: string; displayName: string }, pollMs = 500) {
  const version = await client.createTemplateVersion(org, { storage_method: 'file', example_id: req.exampleId, provisioner: 'terraform', tags: {} });
  for (;;) {
    const v = await client.templateVersion(version.id);
    if (v.job.completed_at) {
      if (v.job.status !== 'succeeded') throw new Error(`The template's import ${v.job.status}: ${v.job.error || 'no error was given'}`);
      break;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return client.createTemplate(org, { name: req.name, display_name: req.displayName || undefined, template_version_id: version.id });
}
