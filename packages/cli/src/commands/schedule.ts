import type { Client, Workspace } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { collect, writeList, type OutputOptions } from '../output';
import { parseCliDuration, parseCliSchedule, SCHEDULE_COLUMNS, scheduleRow } from '../schedule-text';
import { resolveWorkspace } from './common';

const EXTEND_MIN_MS = 29 * 60_000;

const START_HELP = `
Schedules a workspace to regularly start at a specific time.
Schedule format: <start-time> [day-of-week] [location].
  * Start-time (required) is accepted either in 12-hour (hh:mm{am|pm}) format, or 24-hour format hh:mm.
  * Day-of-week (optional) allows specifying in the cron format, e.g. 1,3,5 or Mon-Fri.
    Aliases such as @daily are not supported.
    Default: * (every day)
  * Location (optional) must be a valid location in the IANA timezone database.
    If omitted, the TZ environment variable or /etc/localtime is used.

  $ warren schedule start my-workspace 9:30AM Mon-Fri Europe/Dublin`;

const STOP_HELP = `
Schedules a workspace to stop after a given duration has elapsed.
  * Workspace runtime is measured from the time that the workspace build completed.
  * The minimum scheduled stop time is 1 minute.
  * Changes take effect upon the next build of the workspace, not on a running instance.
Durations: 3h2m, 3h, 2m, or 2 (minutes).

  $ warren schedule stop my-workspace 2h30m`;

const EXTEND_HELP = `
  * The new stop time is calculated from *now*.
  * The new stop time must be at least 30 minutes in the future.

  $ warren schedule extend my-workspace 90m`;

/** `warren schedule show|start|stop|extend`: a workspace's automatic start and stop, as in Coder. */
export function registerSchedule(program: Command, ctx: CommandContext): void {
  const schedule = program.command('schedule').description('Schedule automated start and stop times for workspaces');

  /** After a change, the workspace's schedule as `show` prints it. */
  const printSchedule = async (client: Client, ref: string) => {
    writeList(ctx.io.stdout, {}, [await resolveWorkspace(client, ref)], scheduleRow, SCHEDULE_COLUMNS, SCHEDULE_COLUMNS);
  };

  schedule
    .command('show')
    .description('Show workspace schedules')
    .argument('[workspace]', 'name or owner/name (default: all of yours)')
    .option('-a, --all', "show every user's workspaces you can see")
    .option('--search <query>', 'a workspace search query, like the API (default: owner:me)')
    .option('-o, --output <format>', 'table or json', 'table')
    .option('-c, --column <column>', `columns to show (repeatable): ${SCHEDULE_COLUMNS.join(', ')}`, collect)
    .action(async (ref: string | undefined, flags: OutputOptions & { all?: boolean; search?: string }) => {
      const client = await ctx.client();
      let workspaces: Workspace[];
      if (ref) workspaces = [await resolveWorkspace(client, ref)];
      else workspaces = (await client.workspaces({ q: flags.search ?? (flags.all ? '' : 'owner:me') })).workspaces;
      if (flags.output === 'json') {
        // Coder prints the rows themselves, keyed `starts_at` and so on.
        const rows = workspaces.map((w) => Object.fromEntries(Object.entries(scheduleRow(w)).map(([k, v]) => [k.replace(' ', '_'), v])));
        ctx.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      writeList(ctx.io.stdout, flags, workspaces, scheduleRow, SCHEDULE_COLUMNS, SCHEDULE_COLUMNS);
    });

  schedule
    .command('start')
    .description('Edit workspace start schedule')
    .usage('<workspace-name> { <start-time> [day-of-week] [location] | manual }')
    .addHelpText('after', START_HELP)
    .argument('<workspace>', 'name or owner/name')
    .argument('<schedule...>', '<start-time> [day-of-week] [location], or manual')
    .action(async (ref: string, words: string[]) => {
      const value = words.length === 1 && words[0] === 'manual' ? null : parseCliSchedule(words);
      const client = await ctx.client();
      await client.updateWorkspaceAutostart((await resolveWorkspace(client, ref)).id, { schedule: value });
      await printSchedule(client, ref);
    });

  schedule
    .command('stop')
    .description('Edit workspace stop schedule')
    .usage('<workspace-name> { <duration> | manual }')
    .addHelpText('after', STOP_HELP)
    .argument('<workspace>', 'name or owner/name')
    .argument('<duration>', 'like 2h30m, or manual')
    .action(async (ref: string, duration: string) => {
      const ttl = duration === 'manual' ? null : parseCliDuration(duration);
      const client = await ctx.client();
      await client.updateWorkspaceTtl((await resolveWorkspace(client, ref)).id, { ttl_ms: ttl });
      await printSchedule(client, ref);
    });

  schedule
    .command('extend')
    .alias('override-stop')
    .description('Extend the stop time of a currently running workspace instance.')
    .addHelpText('after', EXTEND_HELP)
    .argument('<workspace>', 'name or owner/name')
    .argument('<duration>', 'from now, like 90m')
    .action(async (ref: string, duration: string) => {
      const ms = parseCliDuration(duration);
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      if (ms < EXTEND_MIN_MS) {
        ctx.print('Please specify a duration of at least 30 minutes.');
        return;
      }
      await client.extendWorkspace(workspace.id, { deadline: new Date(Date.now() + ms).toISOString() });
      await printSchedule(client, ref);
    });
}
