import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { client } from '../../api/client';
import { authMethods, createUser } from '../../api/queries/users';
import { CreateUserPageView } from './CreateUserPageView';

export function CreateUserPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createUser(queryClient));
  const methods = useQuery(authMethods());
  return (
    <CreateUserPageView
      pending={create.isPending}
      checkPassword={client.validatePassword}
      oidcEnabled={methods.data?.oidc.enabled ?? false}
      error={create.error ?? undefined}
      onCreate={(req) => create.mutate(req, { onSuccess: (u) => navigate(`/deployment/users?filter=${encodeURIComponent(u.username)}`) })}
    />
  );
}
