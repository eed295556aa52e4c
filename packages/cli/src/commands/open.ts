/**
 * `warren open vscode <workspace> [<directory>]` and `warren open app <workspace> <app slug>`:
 * the URL that opens the workspace in VS Code Desktop (through Coder's extension) or one of its
 * apps, opened with the desktop's opener when there is one, printed otherwise (inside a
 * workspace, or on a machine without a desktop), as Coder's CLI does.
 */
import { spawn } from 'node:child_process';
import type { Client, GenerateAPIKeyResponse } from '@warren/sdk';
import { appNeedsToken, appUrl, vscodeUrl } from '@warren/sdk/app-urls';
import type { Command } from 'commander';
import { resolveAgent } from '../agent-dial';
import type { CommandContext } from '../context';
import { CliError } from '../io';

/** A new session key for links that carry one (`$SESSION_TOKEN`, VS Code's `token=`). */
async function newSessionKey(client: Client): Promise<string> {
  return (await client.request<GenerateAPIKeyResponse>('POST', '/api/v2/users/me/keys')).key;
}

/** Opens `url` with the desktop's opener; false when there is none or it fails. */
function openWithDesktop(url: string, env: Record<string, string | undefined>): Promise<boolean> {
  const opener = env.BROWSER || (process.platform === 'darwin' ? 'open' : env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined);
  if (!opener) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

async function show(ctx: CommandContext, url: string, what: string): Promise<void> {
  const insideWorkspace = ctx.io.env.CODER === 'true';
  if (!insideWorkspace && (await openWithDesktop(url, ctx.io.env))) {
    ctx.io.stderr.write(`Opening ${what}.\n`);
    return;
  }
  ctx.print(url);
}

export function registerOpen(program: Command, ctx: CommandContext): void {
  const open = program.command('open').description('Open a workspace in VS Code Desktop or open one of its apps');

  open
    .command('vscode')
    .description('Open a workspace in VS Code Desktop')
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .argument('[directory]', "the folder to open; by default the agent's directory")
    .option('--generate-token', 'put a new session token in the link, so the extension needs no login (env: CODER_OPEN_VSCODE_GENERATE_TOKEN)')
    .action(async (ref: string, directory: string | undefined, flags: { generateToken?: boolean }) => {
      const client = await ctx.client();
      const { workspace, agent } = await resolveAgent(client, ref);
      const generate = flags.generateToken ?? ctx.io.env.CODER_OPEN_VSCODE_GENERATE_TOKEN === 'true';
      const url = vscodeUrl({
        deployment: client.url.origin,
        owner: workspace.owner_name,
        workspace: workspace.name,
        agent: ref.includes('.') ? agent.name : undefined,
        folder: directory ?? (agent.expanded_directory || undefined),
        token: generate ? await newSessionKey(client) : undefined,
      });
      await show(ctx, url, `${workspace.name} in VS Code Desktop`);
    });

  open
    .command('app')
    .description("Open one of a workspace's apps")
    .argument('<workspace>', 'the workspace: [owner/]name[.agent]')
    .argument('<app-slug>', 'the slug of the app')
    .action(async (ref: string, slug: string) => {
      const client = await ctx.client();
      const { workspace, agent } = await resolveAgent(client, ref);
      const app = agent.apps.find((a) => a.slug === slug);
      if (!app) {
        const slugs = agent.apps.map((a) => a.slug);
        throw new CliError(`Workspace "${workspace.name}" has no app "${slug}"${slugs.length ? ` (apps: ${slugs.join(', ')})` : ''}.`);
      }
      const { host } = app.subdomain ? await client.appHost() : { host: '' };
      if (app.subdomain && !host) throw new CliError(`The app "${slug}" needs subdomains, and this deployment has no wildcard access URL (--wildcard-access-url).`);
      const token = appNeedsToken(app) ? await newSessionKey(client) : undefined;
      await show(ctx, appUrl({ deployment: client.url, appHost: host, workspace, agent, app, token }), `${app.display_name || slug}`);
    });
}
