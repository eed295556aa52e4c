import type { Logger } from 'pino';
import { resolveBuildParameters } from '../builds/parameters';
import { queueBuild } from '../builds/queue';
import type { ServerContext } from '../context';
import { getTemplateById } from '../db/queries/templates';
import { getTemplateVersionById, listTemplateVersionParameters } from '../db/queries/template-versions';
import { getLatestWorkspaceBuild, listWorkspaceBuildParameters } from '../db/queries/workspace-builds';
import { getScheduledBuild, listAutobuildCandidates } from '../db/queries/workspace-schedules';
import { lockWorkspace } from '../db/queries/workspaces';
import { Periodic } from '../periodic';
import { autobuildDecision, type AutobuildDecision } from './autobuild-transition';

/**
 * Starts and stops workspaces on their schedules (Coder's lifecycle executor): every interval it
 * queues an `autostop` build for each running workspace past its deadline and an `autostart` build
 * for each stopped workspace whose autostart time has come. Each workspace is decided again under
 * its row lock, so a build a user queued meanwhile, or another server replica, wins.
 */
export class AutobuildExecutor {
  private readonly periodic: Periodic<Map<string, AutobuildDecision>>;
  private readonly log: Logger;

  constructor(
    private readonly ctx: ServerContext,
    private readonly intervalMs: number,
  ) {
    this.log = ctx.log.child({ component: 'autobuild' });
    this.periodic = new Periodic(() => this.run(), (err) => this.log.error({ err }, 'scheduled workspace builds failed'));
  }

  start(): void {
    this.periodic.start(this.intervalMs);
  }

  /** Queues every build that is due now; answers what it queued, by workspace id. */
  runOnce(): Promise<Map<string, AutobuildDecision>> {
    return this.periodic.runOnce();
  }

  close(): Promise<void> {
    return this.periodic.close();
  }

  private async run(): Promise<Map<string, AutobuildDecision>> {
    const now = this.ctx.clock();
    const queued = new Map<string, AutobuildDecision>();
    for (const candidate of await listAutobuildCandidates(this.ctx.db, now)) {
      if (!autobuildDecision(candidate, now)) continue;
      try {
        const decision = await this.queue(candidate.workspace_id, now);
        if (decision) queued.set(candidate.workspace_id, decision);
      } catch (err) {
        this.log.warn({ err, workspace: candidate.workspace_id }, 'could not queue a scheduled build');
      }
    }
    return queued;
  }

  private queue(workspaceId: string, now: Date): Promise<AutobuildDecision | undefined> {
    return this.ctx.db.tx(async (q) => {
      const workspace = await lockWorkspace(q, workspaceId);
      const current = await getScheduledBuild(q, workspaceId);
      const decision = workspace && !workspace.deleted && current ? autobuildDecision(current, now) : undefined;
      if (!workspace || !decision) return undefined;
      const previous = (await getLatestWorkspaceBuild(q, workspaceId))!;
      const template = await getTemplateById(q, workspace.template_id, true);
      const onActive = decision.transition === 'start' && (workspace.automatic_updates === 'always' || template?.require_active_version);
      const version = await getTemplateVersionById(q, onActive && template ? template.active_version_id : previous.template_version_id);
      if (!version) throw new Error(`The template version of workspace ${workspaceId} no longer exists.`);
      const parameters = resolveBuildParameters({
        parameters: await listTemplateVersionParameters(q, version.id),
        previous: await listWorkspaceBuildParameters(q, previous.id),
        supplied: [],
        transition: decision.transition,
      });
      // Coder records the owner as the initiator of scheduled builds; the reason tells them apart.
      await queueBuild(q, { workspace, version, transition: decision.transition, initiatorId: workspace.owner_id, previous, parameters, orphan: false, reason: decision.reason, now });
      this.log.info({ workspace: workspaceId, transition: decision.transition }, 'queued a scheduled workspace build');
      return decision;
    });
  }
}
