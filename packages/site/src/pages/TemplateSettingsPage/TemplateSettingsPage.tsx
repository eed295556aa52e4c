import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateTemplateMeta } from '@warren/sdk/templates';
import { useParams } from 'react-router';
import { client, isNotFound } from '../../api/client';
import { templateByName, templateKeys } from '../../api/queries/templates';
import { mayAdministerTemplates } from '../../api/queries/users';
import { useDocumentTitle } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { useMe, useOrganizationId } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { TemplateSettingsPageView } from './TemplateSettingsPageView';

/** `/templates/:template/settings`, for those who administer templates (others get the 404 page). */
export function TemplateSettingsPage() {
  useDocumentTitle('Template settings');
  const { template: name = '' } = useParams();
  const org = useOrganizationId();
  const allowed = mayAdministerTemplates(useMe());
  const template = useQuery({ ...templateByName(org, name), enabled: allowed });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (req: UpdateTemplateMeta) => client.updateTemplateMeta(template.data!.id, req),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
  if (!allowed) return <NotFoundPage />;
  if (template.isError) {
    if (isNotFound(template.error)) return <NotFoundPage />;
    return <ErrorAlert title="The template could not be loaded." error={template.error} onRetry={() => void template.refetch()} />;
  }
  if (!template.data) return <Loader label="Loading the template…" />;
  return (
    <TemplateSettingsPageView
      // A saved change reloads the template; the form starts again from what the server kept.
      key={template.data.updated_at}
      template={template.data}
      onSave={(req) => save.mutate(req)}
      saving={save.isPending}
      error={save.error ?? undefined}
      saved={save.isSuccess}
    />
  );
}
