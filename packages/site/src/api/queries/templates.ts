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
