/**
 * Each job gets its own in-process coder provider (its own socket, so concurrent jobs never share
 * provider state), handed to terraform through TF_REATTACH_PROVIDERS: no install step, and the
 * template's version constraints and lock file entries for coder/coder do not matter.
 *
 * The provider reads the environment of the terraform command running: the runner tells
 * `onCommand` each command's environment just before starting it, and a job's commands run one
 * after another, so the import's stop plan sees CODER_WORKSPACE_TRANSITION=stop while its start
 * plan saw start.
 */
import { CODER_PROVIDER_ADDRESS } from '../provider/provider.js';
import { serveCoderProvider } from '../provider/serve.js';
import type { TerraformCommandName } from '../terraform/terraform-commands.js';

export interface JobProvider {
  /** TF_REATTACH_PROVIDERS, to add to every command's environment. */
  extraEnv: Record<string, string>;
  /** Gives the provider the environment of the command about to run. */
  onCommand: (command: TerraformCommandName, env: Readonly<Record<string, string>>) => void;
  /** The provider served, by its local name: a template needing no other provider skips `init`. */
  servedProviders: Record<string, string>;
}

export async function withCoderProvider<T>(body: (provider: JobProvider) => Promise<T>): Promise<T> {
  let current: Readonly<Record<string, string>> = {};
  const server = await serveCoderProvider({ env: () => current });
  try {
    return await body({
      extraEnv: server.env,
      servedProviders: { coder: CODER_PROVIDER_ADDRESS },
      onCommand: (_command, env) => {
        current = env;
      },
    });
  } finally {
    await server.close();
  }
}
