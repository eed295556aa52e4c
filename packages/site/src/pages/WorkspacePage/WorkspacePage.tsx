import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProvisionerJobLog } from '@warren/sdk/jobs';
import type { Workspace } from '@warren/sdk/workspaces';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { client, isNotFound } from '../../api/client';
import { richParameters } from '../../api/queries/templates';
import { isOwner } from '../../api/queries/users';
import { buildParameters, buildTimings, waitForBuild, workspace as workspaceQuery, workspaceBuilds, workspaceKeys } from '../../api/queries/workspaces';
import { ErrorAlert, Loader } from '../../components/States';
import { useEventStreamIntoCache, useFollowedList } from '../../hooks/streams';
import { useMe } from '../../hooks/useMe';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { AgentPanel } from './AgentPanel';
import type { ScheduleChange } from './ScheduleDialog';
import { ScheduleSection } from './ScheduleSection';
import { WorkspacePageView, type WorkspaceAction } from './WorkspacePageView';

/** `/@:user/:workspace` params: Coder's paths put "@" before the owner. */
/** `/@owner/workspace[.agent]`: workspace names have no dots, so a dot starts the agent's name. */
export function useWorkspaceParams(): { owner: string; name: string; agent?: string } | undefined {
  const { user = '', workspace = '' } = useParams();
  if (!user.startsWith('@') || user.length < 2) return undefined;
  const [name = '', agent] = workspace.split('.', 2);
  return { owner: user.slice(1), name, agent: agent || undefined };
}

export function WorkspacePage() {
  const params = useWorkspaceParams();
  if (!params) return <NotFoundPage />;
  return <WorkspacePageFor owner={params.owner} name={params.name} />;
}

function WorkspacePageFor({ owner, name }: { owner: string; name: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const key = workspaceKeys.one(owner, name);
  const ws = useQuery(workspaceQuery(owner, name));
  const w = ws.data;
  // Every change (build, job, agents) arrives on the workspace's watch stream.
  useEventStreamIntoCache<Workspace>(w ? client.watchWorkspaceUrl(w.id).toString() : undefined, key);
  const build = w?.latest_build;
  const builds = useQuery({ ...workspaceBuilds(w?.id ?? ''), enabled: !!w });
  const logs = useFollowedList<ProvisionerJobLog>(build ? (after) => client.followLogsUrl('workspacebuilds', build.id, after) : undefined, build?.id ?? '');
  const buildState = `${build?.id}:${build?.status}`;
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: ['workspaces', 'builds'] });
  }, [buildState, queryClient]);
  const targetVersion = w ? (w.outdated ? w.template_active_version_id : build!.template_version_id) : '';
  const parameters = useQuery({ ...richParameters(targetVersion), enabled: !!targetVersion });
  const current = useQuery({ ...buildParameters(build?.id ?? ''), enabled: !!build });
  // Stages are stored when the build completes; agent scripts and connections are added as agents report.
  const agentStates = (build?.resources ?? []).flatMap((r) => r.agents ?? []).map((a) => `${a.lifecycle_state}:${a.status}`).join(',');
  const timings = useQuery({ ...buildTimings(build?.id ?? '', `${build?.status}|${agentStates}`), enabled: !!build?.job.completed_at });

  const act = useMutation({
    mutationFn: async (a: WorkspaceAction) => {
      const id = w!.id;
      const start = (extra: object = {}) => client.createWorkspaceBuild(id, { transition: 'start', ...extra });
      switch (a.kind) {
        case 'start':
          return start(a.parameters?.length ? { rich_parameter_values: a.parameters } : {});
        case 'update':
          return start({ template_version_id: w!.template_active_version_id, ...(a.parameters?.length ? { rich_parameter_values: a.parameters } : {}) });
        case 'stop':
        case 'delete':
          return client.createWorkspaceBuild(id, { transition: a.kind });
        case 'restart': {
          const stop = await client.createWorkspaceBuild(id, { transition: 'stop' });
          await waitForBuild(stop.id);
          return start();
        }
        case 'retry':
          return client.createWorkspaceBuild(id, { transition: build!.transition });
        case 'cancel':
          return client.cancelWorkspaceBuild(build!.id);
        case 'rename':
          return client.updateWorkspace(id, { name: a.name });
      }
    },
    onSuccess: async (_r, a) => {
      if (a.kind === 'delete') navigate('/workspaces');
      if (a.kind === 'rename') navigate(`/@${owner}/${a.name}`, { replace: true });
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
    },
  });

  const schedule = useMutation({
    mutationFn: async (change: ScheduleChange | { deadline: Date }) => {
      if ('deadline' in change) return void (await client.extendWorkspace(w!.id, { deadline: change.deadline.toISOString() }));
      // Only what changed: a template may allow one of the two and not the other.
      if ((change.schedule ?? undefined) !== w!.autostart_schedule) await client.updateWorkspaceAutostart(w!.id, { schedule: change.schedule });
      if ((change.ttlMs ?? undefined) !== w!.ttl_ms) await client.updateWorkspaceTtl(w!.id, { ttl_ms: change.ttlMs });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  if (ws.isError) {
    if (isNotFound(ws.error)) return <NotFoundPage />;
    return <ErrorAlert title="The workspace could not be loaded." error={ws.error} onRetry={() => void ws.refetch()} />;
  }
  if (!w) return <Loader label="Loading the workspace…" />;
  return (
    <WorkspacePageView
      workspace={w}
      builds={builds.data}
      buildLogs={logs.items}
      busy={act.isPending}
      actionError={act.error ?? undefined}
      onAction={(a) => act.mutate(a)}
      parameters={parameters.data}
      currentValues={Object.fromEntries((current.data ?? []).map((v) => [v.name, v.value]))}
      renderAgent={(agent) => <AgentPanel workspace={w} agent={agent} />}
      timings={timings.data}
      canViewProvisioners={isOwner(me)}
      timingsError={timings.isError && !timings.data ? timings.error : undefined}
      schedule={
        <ScheduleSection
          workspace={w}
          busy={schedule.isPending}
          error={schedule.error ?? undefined}
          onSave={(change) => schedule.mutate(change)}
          onExtend={(deadline) => schedule.mutate({ deadline })}
        />
      }
    />
  );
}
