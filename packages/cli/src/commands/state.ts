import { readFile, writeFile } from 'node:fs/promises';
import type { Client, Workspace, WorkspaceBuild } from '@warren/sdk';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { CliError } from '../io';
import { resolveWorkspace } from './common';
import { watchBuild } from './workspaces';

/** The workspace's latest build, or build number `n`. */
async function buildOf(client: Client, workspace: Workspace, n: string | undefined): Promise<WorkspaceBuild> {
  if (n === undefined) return workspace.latest_build;
  if (!/^[1-9]\d*$/.test(n)) throw new CliError(`--build must be a build number, not "${n}".`);
  return client.workspaceBuildByNumber(workspace.owner_name, workspace.name, Number(n));
}

/** `warren state pull|push`: a workspace's terraform state (template admins), as Coder's CLI has them. */
export function registerState(program: Command, ctx: CommandContext): void {
  const state = program.command('state').description('Manually manage Terraform state to fix broken workspaces');

  state
    .command('pull')
    .description('Pull a Terraform state file from a workspace.')
    .argument('<workspace>', 'name or owner/name')
    .argument('[file]', 'where to write it (default: standard output)')
    .option('-b, --build <number>', 'the build whose state to pull (default: the latest)')
    .action(async (ref: string, file: string | undefined, flags: { build?: string }) => {
      const client = await ctx.client();
      const build = await buildOf(client, await resolveWorkspace(client, ref), flags.build);
      const bytes = Buffer.from(await client.workspaceBuildState(build.id));
      if (file) await writeFile(file, bytes, { mode: 0o600 });
      else ctx.io.stdout.write(bytes);
    });

  state
    .command('push')
    .description('Push a Terraform state file to a workspace.')
    .argument('<workspace>', 'name or owner/name')
    .argument('<file>', 'the state file ("-" for standard input)')
    .option('-b, --build <number>', 'the build whose transition and version to repeat with this state (default: the latest)')
    .action(async (ref: string, file: string, flags: { build?: string }) => {
      const client = await ctx.client();
      const workspace = await resolveWorkspace(client, ref);
      const build = await buildOf(client, workspace, flags.build);
      const bytes = file === '-' ? await readAll(ctx.io.stdin) : await readFile(file).catch(() => {
        throw new CliError(`Cannot read the state file "${file}".`);
      });
      const pushed = await client.createWorkspaceBuild(workspace.id, {
        transition: build.transition,
        template_version_id: build.template_version_id,
        state: bytes.toString('base64'),
      });
      await watchBuild(ctx, client, pushed);
    });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
