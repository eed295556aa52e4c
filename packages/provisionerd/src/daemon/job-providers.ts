/**
 * Each job gets its own in-process providers (their own sockets, so concurrent jobs never share
 * provider state), handed to terraform through one TF_REATTACH_PROVIDERS: no install step, and the
 * template's version constraints and lock file entries for them do not matter. Which providers are
 * served is the daemon's `inProcessProviders` (the `--in-process-providers` flag): a site with a
 * registry can leave one out so terraform installs the upstream provider instead.
 *
 * The providers read the environment of the terraform command running: the runner tells
 * `onCommand` each command's environment just before starting it, and the init, plan and apply
 * served by one set run one after another (an import's stop plan, which runs beside its start
 * plan, has a second set), so the stop plan sees CODER_WORKSPACE_TRANSITION=stop while the start
 * plan sees start, and the docker provider reads the DOCKER_HOST the command has and resolves
 * a build context's relative path from the command's working folder, as a plugin process would.
 * `show` and `graph`, which may run beside a plan and only ask for schemas, leave it unchanged.
 */
import { DOCKER_PROVIDER_ADDRESS } from '../docker/provider.js';
import { serveDockerProvider } from '../docker/serve.js';
import { CODER_PROVIDER_ADDRESS } from '../provider/provider.js';
import { serveCoderProvider } from '../provider/serve.js';
import { PROVIDER_ENV_COMMANDS, type TerraformCommandName } from '../terraform/terraform-commands.js';
import type { ReattachServer } from '../tfplugin/index.js';
import type { InProcessProviderName } from './in-process-providers.js';

export {
  DEFAULT_IN_PROCESS_PROVIDERS, IN_PROCESS_PROVIDERS_OPTION, type InProcessProviderName, parseInProcessProviders, resolveInProcessProviders,
} from './in-process-providers.js';

export interface JobProvider {
  /** TF_REATTACH_PROVIDERS, to add to every command's environment. */
  extraEnv: Record<string, string>;
  /** Gives the providers the environment of the command about to run. */
  onCommand: (command: TerraformCommandName, env: Readonly<Record<string, string>>, folder?: string) => void;
  /** The providers served, by local name: a template needing no other provider skips `init`. */
  servedProviders: Record<string, string>;
}

type Env = Readonly<Record<string, string>>;

/** How each provider Warren can serve in-process is served. */
const SERVERS: Record<InProcessProviderName, { address: string; serve: (env: () => Env, cwd: () => string) => Promise<ReattachServer> }> = {
  coder: { address: CODER_PROVIDER_ADDRESS, serve: (env) => serveCoderProvider({ env }) },
  docker: { address: DOCKER_PROVIDER_ADDRESS, serve: (env, cwd) => serveDockerProvider({ env, cwd }) },
};

export async function withJobProviders<T>(
  names: readonly InProcessProviderName[],
  body: (provider: JobProvider) => Promise<T>,
): Promise<T> {
  let current: Env = {};
  let folder = process.cwd();
  const env = () => current;
  const cwd = () => folder;
  const servers: ReattachServer[] = [];
  try {
    for (const name of names) servers.push(await SERVERS[name].serve(env, cwd));
    const providers = Object.assign({}, ...servers.map((server) => server.providers));
    return await body({
      extraEnv: servers.length > 0 ? { TF_REATTACH_PROVIDERS: JSON.stringify(providers) } : {},
      servedProviders: Object.fromEntries(names.map((name) => [name, SERVERS[name].address])),
      onCommand: (command, commandEnv, commandFolder) => {
        if (!PROVIDER_ENV_COMMANDS.has(command)) return;
        current = commandEnv;
        if (commandFolder) folder = commandFolder;
      },
    });
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
}
