import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TemplateVersionParameter } from '@warren/sdk/templates';
import { useCallback, useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { client } from '../../api/client';
import { templateVersionExternalAuth } from '../../api/queries/externalAuth';
import { richParameters, templateByName, templateVersionPresets } from '../../api/queries/templates';
import { workspaceKeys } from '../../api/queries/workspaces';
import { ErrorAlert, Loader } from '../../components/States';
import { useExternalAuthLoginWindow } from '../../hooks/externalAuthWindow';
import { useMe, useOrganizationId } from '../../hooks/useMe';
import { CreateWorkspacePageView } from './CreateWorkspacePageView';
import { suggestWorkspaceName } from './workspaceName';

/** Defaults, overridden by `?param.<name>=value` (Coder's links that prefill the form). */
export function initialParameterValues(parameters: TemplateVersionParameter[], search: URLSearchParams): Record<string, string> {
  return Object.fromEntries(parameters.map((p) => [p.name, search.get(`param.${p.name}`) ?? p.default_value]));
}

export function CreateWorkspacePage() {
  const { template: templateName = '' } = useParams();
  const [search] = useSearchParams();
  const user = useMe();
  const org = useOrganizationId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const template = useQuery(templateByName(org, templateName));
  const versionId = template.data?.active_version_id ?? '';
  const parameters = useQuery({ ...richParameters(versionId), enabled: !!versionId });
  const presets = useQuery({ ...templateVersionPresets(versionId), enabled: !!versionId });
  const refetchExternalAuth = useCallback(() => void queryClient.invalidateQueries({ queryKey: templateVersionExternalAuth(versionId).queryKey }), [queryClient, versionId]);
  const loginWindow = useExternalAuthLoginWindow(refetchExternalAuth);
  // While a login window is open, ask every second, so the section turns "Authenticated" by itself.
  const externalAuth = useQuery({ ...templateVersionExternalAuth(versionId), enabled: !!versionId, refetchInterval: loginWindow.polling ? 1000 : false });
  const initialName = useMemo(() => search.get('name') ?? suggestWorkspaceName(), [search]);
  const create = useMutation({
    mutationFn: (req: { name: string; values: Array<{ name: string; value: string }>; presetId?: string }) =>
      client.createUserWorkspace('me', {
        name: req.name,
        template_id: template.data!.id,
        rich_parameter_values: req.values,
        ...(req.presetId ? { template_version_preset_id: req.presetId } : {}),
      }),
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: workspaceKeys.all }),
  });

  // A failed refetch while polling keeps the list it had (and the form the user filled in).
  const failed = [template, parameters, presets, externalAuth].find((q) => q.isError && !q.data);
  if (failed) return <ErrorAlert title="The template could not be loaded." error={failed.error} onRetry={() => void failed.refetch()} />;
  if (!template.data || !parameters.data || !presets.data || !externalAuth.data) return <Loader label="Loading the template…" />;
  return (
    <CreateWorkspacePageView
      template={template.data}
      parameters={parameters.data}
      presets={presets.data}
      initialValues={initialParameterValues(parameters.data, search)}
      initialName={initialName}
      isSubmitting={create.isPending}
      error={create.error ?? undefined}
      externalAuth={externalAuth.data}
      onExternalAuthLogin={(p) => loginWindow.open(p.authenticate_url)}
      externalAuthPolling={loginWindow.polling}
      onSubmit={(req) => create.mutate(req, { onSuccess: (w) => navigate(`/@${user.username}/${w.name}`) })}
    />
  );
}
