import type { Queryable } from '../db/database';
import { getTemplateById } from '../db/queries/templates';
import { setWorkspaceBuildDeadline } from '../db/queries/workspace-schedules';
import { getWorkspaceById } from '../db/queries/workspaces';
import { autostopDeadline } from './autostop';

/** Gives a start build that just completed its autostop deadline (none when the workspace never stops by itself). */
export async function setStartBuildDeadline(q: Queryable, build: { id: string; workspace_id: string }, completedAt: Date): Promise<void> {
  const workspace = await getWorkspaceById(q, build.workspace_id);
  const template = workspace ? await getTemplateById(q, workspace.template_id, true) : undefined;
  if (!workspace || !template) return;
  await setWorkspaceBuildDeadline(q, build.id, autostopDeadline(workspace.ttl_ms, template, completedAt), completedAt);
}
