import type { WorkspaceBuildTimings } from '@warren/sdk';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { listAgentsOfJob, listProvisionerTimings, listScriptTimingsOfJob } from '../db/queries/build-timings';
import { iso } from '../users/convert';
import { resolveBuild } from './service';

/** The stages, resource actions, agent scripts and agent connections of a build, earliest first. */
export async function buildTimings(ctx: ServerContext, actor: Actor, ref: string): Promise<WorkspaceBuildTimings> {
  const build = await resolveBuild(ctx, actor, ref);
  const [provisioner, scripts, agents] = await Promise.all([
    listProvisionerTimings(ctx.db, build.job_id),
    listScriptTimingsOfJob(ctx.db, build.job_id),
    listAgentsOfJob(ctx.db, build.job_id),
  ]);
  return {
    provisioner_timings: provisioner.map((t) => ({
      job_id: t.job_id,
      started_at: iso(t.started_at),
      ended_at: iso(t.ended_at),
      stage: t.stage,
      source: t.source,
      action: t.action,
      resource: t.resource,
    })),
    agent_script_timings: scripts.map((t) => ({
      started_at: iso(t.started_at),
      ended_at: iso(t.ended_at),
      exit_code: t.exit_code,
      stage: t.stage,
      status: t.status,
      display_name: t.display_name,
      workspace_agent_id: t.workspace_agent_id,
      workspace_agent_name: t.workspace_agent_name,
    })),
    agent_connection_timings: agents
      .filter((a) => a.first_connected_at !== null)
      .map((a) => ({
        started_at: iso(a.created_at),
        ended_at: iso(a.first_connected_at!),
        stage: 'connect' as const,
        workspace_agent_id: a.id,
        workspace_agent_name: a.name,
      })),
  };
}
