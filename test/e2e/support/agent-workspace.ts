/**
 * A workspace whose real agent runs as a process on this machine: a template with the coder
 * provider's `coder_agent` and a `terraform_data` whose local-exec runs the agent's init script
 * (which downloads the agent from the server's `/bin/coder-linux-amd64`, as in any workspace), and
 * whose destroy-time local-exec stops the agent and waits for it to exit.
 */
import { readFileSync } from 'node:fs';
import type { Client, Workspace, WorkspaceAgent } from '@warren/sdk';
import { pushTemplate, waitFor } from '../../../packages/server/src/agents/agents.testkit';

export interface AgentTemplateOptions {
  /** Replaces the default startup script (a heredoc: Terraform interpolates dollar-brace sequences in it). */
  startupScript?: string;
  startupScriptBehavior?: 'blocking' | 'non-blocking';
  /** More Terraform (coder_app resources, ...) appended to the template. */
  extraResources?: string;
}

export function agentTemplate(root: string, opts: AgentTemplateOptions = {}): string {
  const script = opts.startupScript ?? 'echo hello from the startup script; echo started > startup-ran';
  const behavior = opts.startupScriptBehavior ? `\n  startup_script_behavior = "${opts.startupScriptBehavior}"` : '';
  return `
terraform {
  required_providers {
    coder = { source = "coder/coder" }
  }
}

data "coder_workspace" "me" {}

resource "coder_agent" "main" {
  os             = "linux"
  arch           = "amd64"
  dir            = "${root}/\${data.coder_workspace.me.id}/home"
  env            = { WARREN_TEST = "yes" }
  startup_script = <<-EOT
    ${script.split('\n').join('\n    ')}
  EOT${behavior}
  metadata {
    display_name = "Greeting"
    key          = "greeting"
    script       = "echo metadata-says-hi"
    interval     = 1
    timeout      = 1
  }
}

resource "terraform_data" "agent" {
  count = data.coder_workspace.me.start_count
  input = {
    dir    = "${root}/\${data.coder_workspace.me.id}"
    token  = coder_agent.main.token
    script = coder_agent.main.init_script
  }
  provisioner "local-exec" {
    command     = "mkdir -p \\"$DIR/home\\" && printf '%s' \\"$SCRIPT\\" > \\"$DIR/init.sh\\" && cd \\"$DIR\\" && HOME=\\"$DIR/home\\" BINARY_DIR=\\"$DIR/bin\\" CODER_AGENT_TOKEN=\\"$TOKEN\\" nohup setsid sh -c 'echo $$ > agent.pid; exec sh init.sh' > agent.log 2>&1 < /dev/null &"
    environment = { DIR = self.input.dir, TOKEN = self.input.token, SCRIPT = self.input.script }
  }
  provisioner "local-exec" {
    when        = destroy
    command     = "PID=$(cat \\"$DIR/agent.pid\\") || exit 0; kill -TERM $PID || exit 0; for i in $(seq 1 150); do kill -0 $PID 2>/dev/null || exit 0; sleep 0.1; done; kill -KILL $PID"
    environment = { DIR = self.input.dir }
  }
}
${opts.extraResources ?? ''}
`;
}

export { waitFor };

export function pushAgentTemplate(client: Client, orgId: string, root: string, name: string, opts: AgentTemplateOptions = {}): Promise<string> {
  return pushTemplate(client, orgId, agentTemplate(root, opts), name);
}

export const agentOf = (w: Workspace): WorkspaceAgent | undefined => w.latest_build.resources.flatMap((r) => r.agents ?? [])[0];

/** Creates a workspace and waits until its agent is connected and ready (or only connected, with `until`). */
export async function startAgentWorkspace(
  client: Client,
  templateId: string,
  name: string,
  until: 'ready' | 'connected' = 'ready',
): Promise<{ workspace: Workspace; agent: WorkspaceAgent }> {
  const created = await client.createUserWorkspace('me', { name, template_id: templateId });
  const built = await waitFor('the workspace build', async () => {
    const w = await client.workspace(created.id);
    return ['succeeded', 'failed', 'canceled'].includes(w.latest_build.job.status) && w;
  }, 60_000);
  if (built.latest_build.job.status !== 'succeeded') throw new Error(`build ${built.latest_build.job.status}: ${built.latest_build.job.error}`);
  const ready = await waitFor(`the agent to be ${until === 'ready' ? 'connected and ready' : 'connected'}`, async () => {
    const w = await client.workspace(created.id);
    const a = agentOf(w);
    return a?.status === 'connected' && (until === 'connected' || a.lifecycle_state === 'ready') && w;
  }, 60_000);
  return { workspace: ready, agent: agentOf(ready)! };
}

/** Kills what the workspace left running (the agent, processes it started), for test cleanup. */
export function killPidFile(file: string): void {
  try {
    process.kill(-Number(readFileSync(file, 'utf8').trim()), 'SIGKILL');
  } catch {
    // Already gone.
  }
}
