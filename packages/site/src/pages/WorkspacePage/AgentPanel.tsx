import { useQuery } from '@tanstack/react-query';
import { agentLogsUrl, agentMetadataWatchUrl, type WorkspaceAgentLog, type WorkspaceAgentMetadata } from '@warren/sdk/agent-streams';
import { portUrl } from '@warren/sdk/app-urls';
import type { Workspace, WorkspaceAgent } from '@warren/sdk/workspaces';
import { Link } from 'react-router';
import { client } from '../../api/client';
import { appHost } from '../../api/queries/apps';
import { listeningPorts } from '../../api/queries/workspaces';
import { buttonClass } from '../../components/Button';
import { LogViewer } from '../../components/LogViewer';
import { useEventStreamIntoCache, useFollowedList } from '../../hooks/streams';
import { AgentApps } from './AgentApps';

const LIFECYCLE: Record<string, string> = {
  created: 'Waiting for the agent',
  starting: 'Running startup scripts',
  start_timeout: 'Startup scripts are taking longer than expected',
  start_error: 'A startup script failed',
  ready: 'Ready',
  shutting_down: 'Shutting down',
  shutdown_timeout: 'Shutdown timed out',
  shutdown_error: 'A shutdown script failed',
  off: 'Off',
};

/** One agent: connection and lifecycle, apps, terminal and SSH, ports, metadata and startup logs (all live). */
export function AgentPanel({ workspace, agent }: { workspace: Workspace; agent: WorkspaceAgent }) {
  const connected = agent.status === 'connected';
  const logs = useFollowedList<WorkspaceAgentLog>((after) => agentLogsUrl(client.url, agent.id, after), agent.id);
  const metadataKey = ['workspaceagents', agent.id, 'metadata'];
  useEventStreamIntoCache<WorkspaceAgentMetadata[]>(agentMetadataWatchUrl(client.url, agent.id).toString(), metadataKey);
  const metadata = useQuery<WorkspaceAgentMetadata[]>({ queryKey: metadataKey, queryFn: () => Promise.resolve([]), staleTime: Infinity });
  const ports = useQuery({ ...listeningPorts(agent.id), enabled: connected });
  const host = useQuery(appHost());
  return (
    <section aria-label={`Agent ${agent.name}`} className="rounded-lg border border-border" data-agent={agent.name}>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-border bg-surface-raised px-4 py-3">
        <div>
          <h3 className="font-semibold">
            {agent.name} <span className="text-xs font-normal text-content-muted">{agent.operating_system}/{agent.architecture}</span>
          </h3>
          <p className="text-sm" data-testid="agent-state">
            <span className={connected ? 'text-success' : 'text-content-muted'}>{agent.status}</span>
            {' · '}
            {LIFECYCLE[agent.lifecycle_state] ?? agent.lifecycle_state}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {connected && (
            <Link to={`/@${workspace.owner_name}/${workspace.name}/terminal?agent=${encodeURIComponent(agent.name)}`} className={buttonClass('primary')}>
              Terminal
            </Link>
          )}
          <AgentApps workspace={workspace} agent={agent} />
        </div>
      </header>
      <div className="flex flex-col gap-4 p-4">
        <p className="text-sm text-content-muted">
          SSH: <code className="font-mono text-content">coder ssh {workspace.name}</code>, or{' '}
          <code className="font-mono text-content">ssh coder.{workspace.name}</code> after <code className="font-mono">coder config-ssh</code> (
          <Link to="/cli-auth" className="underline">
            install the CLI
          </Link>
          ).
        </p>
        {(metadata.data?.length ?? 0) > 0 && (
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4" aria-label="Metadata">
            {metadata.data!.map((m) => (
              <div key={m.description.key}>
                <dt className="text-xs text-content-muted">{m.description.display_name || m.description.key}</dt>
                <dd className={`font-mono ${m.result.error ? 'text-danger' : ''}`}>{m.result.error || m.result.value.trim() || '–'}</dd>
              </div>
            ))}
          </dl>
        )}
        {connected && (
          <div className="text-sm">
            <span className="text-content-muted">Listening ports: </span>
            {!ports.data ? '…' : ports.data.ports.length === 0 ? 'none' : (
              <ul className="inline-flex flex-wrap gap-x-3" aria-label="Listening ports">
                {ports.data.ports.map((p) => {
                  const url = portUrl({ deployment: new URL(window.location.origin), appHost: host.data ?? '', workspace, agent, port: p.port });
                  const label = `${p.port} (${p.process_name || 'unknown'})`;
                  return <li key={`${p.network}-${p.port}`}>{url ? <a href={url} target="_blank" rel="noreferrer" className="text-accent underline">{label}</a> : label}</li>;
                })}
              </ul>
            )}
          </div>
        )}
        <div>
          <h4 className="mb-2 text-sm font-medium">Startup logs</h4>
          <LogViewer lines={logs.items.map((l) => ({ ...l }))} label={`Startup logs of ${agent.name}`} emptyText="The agent has sent no logs yet." />
        </div>
      </div>
    </section>
  );
}
