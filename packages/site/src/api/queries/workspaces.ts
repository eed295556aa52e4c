import type { QueryClient } from '@tanstack/react-query';
import type { Workspace, WorkspacesResponse } from '@warren/sdk/workspaces';
import { client } from '../client';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  list: (q: string, limit: number, offset: number) => ['workspaces', 'list', { q, limit, offset }] as const,
  one: (owner: string, name: string) => ['workspaces', 'one', owner, name] as const,
};

/**
 * Changes reach the list through its stream (useListChanges); this slow refresh only keeps figures
 * that change without an announcement, such as "last used", current.
 */
export const WORKSPACES_REFRESH_MS = 30_000;

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

export const workspaceBuilds = (workspaceId: string) => ({
  queryKey: ['workspaces', 'builds', workspaceId] as const,
  queryFn: () => client.workspaceBuilds(workspaceId, { limit: 25 }),
});

export const buildParameters = (buildId: string) => ({
  queryKey: ['workspacebuilds', buildId, 'parameters'] as const,
  queryFn: () => client.workspaceBuildParameters(buildId),
  staleTime: Infinity,
});

/**
 * A build's stage, resource, script and connection timings; `progress` (the build's status and its
 * agents' states) is part of the key, so the timings are asked again as the build moves on.
 */
export const buildTimings = (buildId: string, progress: string) => ({
  queryKey: ['workspacebuilds', buildId, 'timings', progress] as const,
  queryFn: () => client.workspaceBuildTimings(buildId),
  placeholderData: <T,>(previous: T | undefined) => previous,
});

/** The TCP ports listening in the workspace, asked of the agent every few seconds. */
export const listeningPorts = (agentId: string) => ({
  queryKey: ['workspaceagents', agentId, 'listening-ports'] as const,
  queryFn: () => client.request<{ ports: Array<{ process_name: string; network: string; port: number }> }>('GET', `/api/v2/workspaceagents/${encodeURIComponent(agentId)}/listening-ports`),
  refetchInterval: 5000,
  retry: false,
});

/** Waits for a build's job to finish (restart runs stop, then start). */
export async function waitForBuild(buildId: string, pollMs = 500): Promise<void> {
  for (;;) {
    const b = await client.workspaceBuild(buildId);
    if (b.job.completed_at) {
      if (b.job.status !== 'succeeded') throw new Error(`The ${b.transition} build ${b.job.status}: ${b.job.error ?? 'no error was given'}`);
      return;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
