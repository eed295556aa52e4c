import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { client } from '../../api/client';
import { createUser } from '../../api/queries/users';
import { CreateUserPageView } from './CreateUserPageView';

export function CreateUserPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(createUser(queryClient));
  return (
    <CreateUserPageView
      pending={create.isPending}
      checkPassword={client.validatePassword}
      error={create.error ?? undefined}
      onCreate={(req) => create.mutate(req, { onSuccess: (u) => navigate(`/deployment/users?filter=${encodeURIComponent(u.username)}`) })}
    />
  );
}
