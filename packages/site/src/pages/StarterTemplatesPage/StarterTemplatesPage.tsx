import { useQuery } from '@tanstack/react-query';
import { templateExamples } from '../../api/queries/templates';
import { mayAdministerTemplates } from '../../api/queries/users';
import { useDocumentTitle } from '../../components/PageHeader';
import { useMe, useOrganizationId } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { StarterTemplatesPageView } from './StarterTemplatesPageView';

/** `/starter-templates`, for those who may create templates. */
export function StarterTemplatesPage() {
  useDocumentTitle('Starter templates');
  const allowed = mayAdministerTemplates(useMe());
  const list = useQuery({ ...templateExamples(useOrganizationId()), enabled: allowed });
  if (!allowed) return <NotFoundPage />;
  return <StarterTemplatesPageView examples={list.data} error={list.error ?? undefined} onRetry={() => void list.refetch()} />;
}
