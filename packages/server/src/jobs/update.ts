import type { UpdateJobRequest, UpdateJobResponse, VariableValue } from '@warren/sdk';
import type { ServerContext } from '../context';
import { channels, publish } from '../db/pubsub';
import { insertJobLogs } from '../db/queries/provisioner-job-logs';
import { touchProvisionerJob } from '../db/queries/provisioner-jobs';
import {
  getTemplateVersionByJobId,
  replaceTemplateVersionVariables,
  setTemplateVersionReadme,
  setTemplateVersionWorkspaceTags,
} from '../db/queries/template-versions';
import { touchProvisionerDaemon } from '../db/queries/provisioner-daemons';
import { lockHeldJob } from './complete';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/**
 * A daemon's progress report and heartbeat: appends logs (followers are told), stores what an
 * import parsed (variables, README) and answers whether the job was canceled.
 */
export async function updateJob(ctx: ServerContext, daemonId: string, req: UpdateJobRequest): Promise<UpdateJobResponse> {
  return ctx.db.tx(async (q) => {
    const job = await lockHeldJob(q, req.jobId, daemonId);
    const now = ctx.clock();
    await touchProvisionerJob(q, job.id, now);
    await touchProvisionerDaemon(q, daemonId, now);
    const lastId = await insertJobLogs(
      q,
      job.id,
      req.logs.map((l) => ({
        createdAt: new Date(l.createdAt || now.getTime()),
        source: l.source === 'provisioner' ? 'provisioner' : 'provisioner_daemon',
        level: LEVELS.has(l.level) ? l.level : 'info',
        stage: l.stage,
        output: l.output,
      })),
    );
    if (lastId > 0) await publish(q, channels.jobLogs(job.id), String(lastId));

    let variableValues: VariableValue[] = [];
    if (job.type === 'template_version_import') {
      const version = await getTemplateVersionByJobId(q, job.id);
      if (version && req.readme !== undefined) await setTemplateVersionReadme(q, version.id, req.readme, now);
      if (version && req.workspaceTags && Object.keys(req.workspaceTags).length > 0) {
        await setTemplateVersionWorkspaceTags(q, version.id, stringTags(req.workspaceTags));
      }
      if (version && req.templateVariables && req.templateVariables.length > 0) {
        const supplied = req.userVariableValues ?? job.input.user_variable_values ?? [];
        const missing: string[] = [];
        const rows = req.templateVariables.map((v) => {
          const given = supplied.find((s) => s.name === v.name);
          const value = given ? given.value : v.defaultValue;
          if (v.required && value === '') missing.push(v.name);
          return {
            name: v.name,
            description: v.description,
            type: v.type,
            value: given ? given.value : '',
            default_value: v.defaultValue,
            required: v.required,
            sensitive: v.sensitive,
            effective: value,
          };
        });
        if (missing.length > 0) throw new Error(`required template variables need values: ${missing.join(', ')}`);
        await replaceTemplateVersionVariables(q, version.id, rows);
        variableValues = rows.map((r) => ({ name: r.name, value: r.effective, sensitive: r.sensitive }));
      }
    }
    return { canceled: job.canceled_at !== null, variableValues };
  });
}

/** Workspace tag values as strings, without NUL bytes (which tags may not hold). */
function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (k.includes('\0')) continue;
    out[k] = String(v ?? '').replaceAll('\0', '');
  }
  return out;
}
