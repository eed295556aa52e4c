import { useQuery } from '@tanstack/react-query';
import { templates } from '../../api/queries/templates';
import { mayAdministerTemplates } from '../../api/queries/users';
import { useMe } from '../../hooks/useMe';
import { TemplatesPageView } from './TemplatesPageView';

export function TemplatesPage() {
  const list = useQuery(templates());
  const canCreate = mayAdministerTemplates(useMe());
  return <TemplatesPageView templates={list.data} error={list.error ?? undefined} onRetry={() => void list.refetch()} canCreate={canCreate} />;
}
