import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isNotFound } from '../../api/client';
import { workspace as workspaceQuery } from '../../api/queries/workspaces';
import { useDocumentTitle } from '../../components/PageHeader';
import { ErrorAlert, Loader } from '../../components/States';
import { NotFoundPage } from '../NotFoundPage/NotFoundPage';
import { useWorkspaceParams } from '../WorkspacePage/WorkspacePage';
import { Terminal } from './Terminal';
import { uuidV4 } from './uuid';

/** A full-window terminal into a workspace agent; `?reconnect=` keeps the same shell across reloads. */
export function TerminalPage() {
  const params = useWorkspaceParams();
  const [search, setSearch] = useSearchParams();
  const reconnect = search.get('reconnect');
  useDocumentTitle(`Terminal – ${params?.name ?? ''}`);
  useEffect(() => {
    if (!reconnect) setSearch((s) => ({ ...Object.fromEntries(s), reconnect: uuidV4() }), { replace: true });
  }, [reconnect, setSearch]);
  const ws = useQuery({ ...workspaceQuery(params?.owner ?? '', params?.name ?? ''), enabled: !!params });
  if (!params) return <NotFoundPage />;
  if (ws.isError) return isNotFound(ws.error) ? <NotFoundPage /> : <ErrorAlert error={ws.error} onRetry={() => void ws.refetch()} />;
  if (!ws.data || !reconnect) return <Loader label="Loading the workspace…" />;
  const agents = ws.data.latest_build.resources.flatMap((r) => r.agents ?? []);
  const wanted = params.agent ?? search.get('agent');
  const agent = agents.find((a) => a.name === wanted) ?? agents[0];
  const back = `/@${params.owner}/${params.name}`;
  if (!agent || agent.status !== 'connected') {
    return (
      <div className="mx-auto max-w-lg p-8">
        <ErrorAlert error={new Error(agent ? `The agent is ${agent.status}; start the workspace and wait for it to connect.` : 'This workspace has no agent to open a terminal on.')} />
        <Link to={back} className="mt-4 inline-block text-accent underline">Back to {params.name}</Link>
      </div>
    );
  }
  return (
    <main className="flex h-full flex-col">
      <h1 className="sr-only">Terminal of {params.name}</h1>
      <Terminal agentId={agent.id} reconnect={reconnect} command={search.get('command') ?? undefined} />
    </main>
  );
}
