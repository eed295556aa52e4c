import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { isNotFound } from '../../api/client';
import { richParameters, templateByName, templateVersionResources, templateVersions } from '../../api/queries/templates';
import { ErrorAlert, Loader } from '../../components/States';
import { mayAdministerTemplates } from '../../api/queries/users';
import { useMe, useOrganizationId } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { TemplatePageView } from './TemplatePageView';

export function TemplatePage() {
  const { template: name = '' } = useParams();
  const org = useOrganizationId();
  const me = useMe();
  const template = useQuery(templateByName(org, name));
  const id = template.data?.id ?? '';
  const versionId = template.data?.active_version_id ?? '';
  const versions = useQuery({ ...templateVersions(id), enabled: !!id });
  const parameters = useQuery({ ...richParameters(versionId), enabled: !!versionId });
  const resources = useQuery({ ...templateVersionResources(versionId), enabled: !!versionId });

  if (template.isError) {
    if (isNotFound(template.error)) return <NotFoundPage />;
    return <ErrorAlert title="The template could not be loaded." error={template.error} onRetry={() => void template.refetch()} />;
  }
  if (!template.data) return <Loader label="Loading the template…" />;
  return (
    <TemplatePageView
      template={template.data}
      versions={versions.data}
      parameters={parameters.data}
      resources={resources.data}
      error={versions.error ?? parameters.error ?? resources.error ?? undefined}
      canEdit={mayAdministerTemplates(me)}
    />
  );
}
