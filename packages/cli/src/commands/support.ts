/**
 * `warren support bundle <workspace> [<agent>]`: writes a zip an administrator can attach to an
 * issue (see ../support-bundle.ts for what it holds). Coder's flags: `--output-file/-O`, `--yes/-y`.
 * Only owners may gather it, as in Coder: the deployment health and config are theirs to read.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { Prompter } from '../prompt';
import { gatherBundle, zipBundle } from '../support-bundle';
import { resolveWorkspace } from './common';

export function registerSupport(program: Command, ctx: CommandContext): void {
  const support = program.command('support').description('Commands for troubleshooting issues with a deployment');
  support
    .command('bundle')
    .description('Generate a support bundle to troubleshoot issues connecting to a workspace')
    .argument('<workspace>', 'the workspace (name, or owner/name)')
    .argument('[agent]', 'the agent to describe (the first one when not given)')
    .option('-O, --output-file <file>', 'file path for writing the generated support bundle (default: warren-support-<unix time>.zip)')
    .option('-y, --yes', 'bypass the prompt that asks before gathering sensitive information')
    .action(async (ref: string, agentName: string | undefined, flags: { outputFile?: string; yes?: boolean }) => {
      const client = await ctx.client();
      if (!flags.yes) {
        const question = 'This will collect and store sensitive information about your deployment and workspace. Continue?';
        if (!(await new Prompter(ctx.io).yes(question, '--yes'))) return;
      }
      const allowed = await client.authCheck({ checks: { debug: { object: { resource_type: 'debug_info' }, action: 'read' } } });
      if (!allowed.debug) throw new CliError('failed authorization check: cannot run support bundle (only owners may gather deployment health and config).');
      const workspace = await resolveWorkspace(client, ref);
      const now = new Date();
      const output = path.resolve(flags.outputFile ?? `warren-support-${Math.floor(now.getTime() / 1000)}.zip`);
      const bundle = await gatherBundle({ client, workspace, agentName, now });
      writeFileSync(output, zipBundle(bundle, now), { mode: 0o600 });
      for (const line of bundle.log.filter((l) => l.includes('[warn]'))) ctx.io.stderr.write(`${line}\n`);
      ctx.print(`Wrote support bundle to ${output}`);
    });
}
