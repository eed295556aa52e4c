import type { ProvisionerDaemon, ProvisionerJob } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { collect, writeList, type OutputOptions } from '../output';
import { addOptionTable, readOptionTable } from '../options';
import { resolveOrganization } from './common';
import { registerProvisionerKeys } from './provisioner-keys';

const DAEMON_COLUMNS = ['id', 'name', 'organization', 'key name', 'version', 'status', 'tags', 'last seen at', 'current job', 'current job status', 'previous job', 'previous job status', 'created at'];
const JOB_COLUMNS = ['id', 'created at', 'status', 'type', 'tags', 'queue', 'worker id', 'error'];

function tagText(tags: Record<string, string>): string {
  return Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(' ');
}

function daemonRow(d: ProvisionerDaemon) {
  return {
    id: d.id,
    name: d.name,
    organization: d.organization_id,
    'key name': d.key_name ?? '',
    version: d.version,
    status: d.status ?? '',
    tags: tagText(d.tags),
    'last seen at': d.last_seen_at ?? '',
    'current job': d.current_job?.id ?? '',
    'current job status': d.current_job?.status ?? '',
    'previous job': d.previous_job?.id ?? '',
    'previous job status': d.previous_job?.status ?? '',
    'created at': d.created_at,
  };
}

function jobRow(j: ProvisionerJob) {
  return {
    id: j.id,
    'created at': j.created_at,
    status: j.status,
    type: j.type,
    tags: tagText(j.tags),
    queue: j.status === 'pending' ? `${j.queue_position}/${j.queue_size}` : '',
    'worker id': j.worker_id ?? '',
    error: j.error ?? '',
  };
}

export async function registerProvisioner(program: Command, ctx: CommandContext): Promise<void> {
  const provisioner = program.command('provisioner').alias('provisioners').description('Manage provisioner daemons');
  const { PROVISIONER_START_OPTIONS } = await import('@warren/provisionerd/remote/options');
  const start = provisioner.command('start').description('Run a provisioner daemon that connects to the deployment');
  addOptionTable(start, PROVISIONER_START_OPTIONS).action(async () => {
    const { runProvisionerStart } = await import('./provisioner-start');
    await runProvisionerStart(ctx, readOptionTable(start, PROVISIONER_START_OPTIONS, ctx.io.env));
  });

  provisioner
    .command('list')
    .alias('ls')
    .description('List the provisioner daemons of an organization')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${DAEMON_COLUMNS.join(', ')}`, collect)
    .option('-s, --status <status>', 'only daemons with these statuses (offline, idle, busy; comma-separated)')
    .action(async (flags: OutputOptions & { org?: string; status?: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      let daemons = await client.provisionerDaemons(org.id);
      if (flags.status) daemons = daemons.filter((d) => flags.status!.split(',').includes(d.status ?? ''));
      if (daemons.length === 0 && flags.output !== 'json') {
        ctx.print('No provisioner daemons found.');
        return;
      }
      writeList(ctx.io.stdout, flags, daemons, daemonRow, DAEMON_COLUMNS, ['name', 'key name', 'version', 'status', 'tags', 'last seen at', 'current job']);
    });

  const jobs = provisioner.command('jobs').description('Inspect the provisioner job queue');
  jobs
    .command('list')
    .alias('ls')
    .description('List the provisioner jobs of an organization, newest first')
    .option('-O, --org <organization>', 'the organization (default: the default organization)')
    .option('-s, --status <status>', 'only jobs with these statuses (comma-separated)')
    .option('-l, --limit <n>', 'how many jobs to show', '50')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${JOB_COLUMNS.join(', ')}`, collect)
    .action(async (flags: OutputOptions & { org?: string; status?: string; limit: string }) => {
      const client = await ctx.client();
      const org = await resolveOrganization(client, flags.org);
      const list = await client.provisionerJobs(org.id, { status: flags.status, limit: Number(flags.limit) });
      writeList(ctx.io.stdout, flags, list, jobRow, JOB_COLUMNS, ['id', 'created at', 'status', 'type', 'tags', 'queue']);
    });

  registerProvisionerKeys(provisioner, ctx);
}
