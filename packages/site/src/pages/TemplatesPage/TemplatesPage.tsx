import { useQuery } from '@tanstack/react-query';
import { templates } from '../../api/queries/templates';
import { TemplatesPageView } from './TemplatesPageView';

export function TemplatesPage() {
  const list = useQuery(templates());
  return <TemplatesPageView templates={list.data} error={list.error ?? undefined} onRetry={() => void list.refetch()} />;
}
