import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { createTemplateFromExample, templateExamples, templateKeys } from '../../api/queries/templates';
import { mayAdministerTemplates } from '../../api/queries/users';
import { useDocumentTitle } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { useMe, useOrganizationId } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { CreateTemplatePageView } from './CreateTemplatePageView';

/** `/templates/new?exampleId=…`: a new template from a starter template. */
export function CreateTemplatePage() {
  useDocumentTitle('New template');
  const [params] = useSearchParams();
  const org = useOrganizationId();
  const allowed = mayAdministerTemplates(useMe());
  const examples = useQuery({ ...templateExamples(org), enabled: allowed });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (req: { name: string; displayName: string }) => createTemplateFromExample(org, { exampleId: params.get('exampleId') ?? '', ...req }),
    onSuccess: async (template) => {
      await queryClient.invalidateQueries({ queryKey: templateKeys.all });
      navigate(`/templates/${template.name}`);
    },
  });
  if (!allowed) return <NotFoundPage />;
  if (examples.isError) return <ErrorAlert title="The starter templates could not be loaded." error={examples.error} onRetry={() => void examples.refetch()} />;
  if (!examples.data) return <Loader label="Loading the starter template…" />;
  const example = examples.data.find((e) => e.id === params.get('exampleId'));
  if (!example) return <NotFoundPage />;
  return <CreateTemplatePageView example={example} onCreate={(req) => create.mutate(req)} creating={create.isPending} error={create.error ?? undefined} />;
}
