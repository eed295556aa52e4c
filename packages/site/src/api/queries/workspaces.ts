import type { QueryClient } from '@tanstack/react-query';
import type { Workspace, WorkspacesResponse } from '@warren/sdk/workspaces';
import { client } from '../client';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  list: (q: string, limit: number, offset: number) => ['workspaces', 'list', { q, limit, offset }] as const,
  one: (owner: string, name: string) => ['workspaces', 'one', owner, name] as const,
};

/** How often the list refreshes while the page is visible, so status changes show within a second. */
export const WORKSPACES_REFRESH_MS = 1000;

/** One page of the workspaces the user may see, filtered with Coder's query syntax. */
export const workspaces = (params: { q: string; limit: number; offset: number }) => ({
  queryKey: workspaceKeys.list(params.q, params.limit, params.offset),
  queryFn: () => client.workspaces(params),
  placeholderData: (previous: WorkspacesResponse | undefined) => previous,
  refetchInterval: WORKSPACES_REFRESH_MS,
});

export const workspace = (owner: string, name: string) => ({
  queryKey: workspaceKeys.one(owner, name),
  queryFn: () => client.workspaceByOwnerAndName(owner, name),
});

type Transition = 'start' | 'stop' | 'delete';

/** Starts, stops or deletes a workspace; the lists and the workspace refresh afterwards. */
export const changeWorkspaceState = (queryClient: QueryClient) => ({
  mutationFn: ({ workspace: w, transition, templateVersionId, parameters }: {
    workspace: Workspace;
    transition: Transition;
    templateVersionId?: string;
    parameters?: Array<{ name: string; value: string }>;
  }) =>
    client.createWorkspaceBuild(w.id, {
      transition,
      ...(templateVersionId ? { template_version_id: templateVersionId } : {}),
      ...(parameters?.length ? { rich_parameter_values: parameters } : {}),
    }),
  onSuccess: async () => {
    await queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
  },
});
