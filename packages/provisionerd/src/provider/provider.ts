// Warren's `registry.terraform.io/coder/coder` provider: the provider block (`url`, defaulting to
// CODER_AGENT_URL) and every resource and data source, reading build inputs from an environment.
import { attribute, ProviderError, t } from '../tfplugin/index.js';
import { agentResources } from './agent.js';
import { agentExtraResources } from './agent-extras.js';
import { appResources } from './app.js';
import { type Env, EnvReader } from './env.js';
import { kit } from './kit.js';
import { parameterDataSources } from './parameter.js';
import { presetDataSources } from './preset.js';
import { workspaceDataSources } from './workspace.js';

export const CODER_PROVIDER_ADDRESS = 'registry.terraform.io/coder/coder';
const defaultUrl = 'https://mydeployment.coder.com';

export interface CoderProviderOptions {
  /**
   * The environment the provider reads (CODER_AGENT_URL, CODER_WORKSPACE_*, CODER_PARAMETER_*,
   * ...), looked up again each time terraform configures the provider. Default: this process's.
   */
  env?: () => Env | Promise<Env>;
}

export function coderProvider(options: CoderProviderOptions = {}) {
  const readEnv = options.env ?? (() => process.env);
  return kit.provider({
    schema: {
      attributes: {
        url: attribute(t.string, { optional: true, description: 'The URL to access Coder.' }),
        // Provider 0.x switch; accepted so older templates plan, it changes nothing.
        feature_use_managed_variables: attribute(t.bool, { optional: true, deprecated: true }),
      },
    },
    configure: async ({ config }) => {
      const env = new EnvReader(await readEnv());
      const rawUrl = config.url ?? env.lookup('CODER_AGENT_URL') ?? defaultUrl;
      if (rawUrl === '') throw new ProviderError(`CODER_AGENT_URL must not be empty; got ""`);
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        throw new ProviderError(`parse "${rawUrl}": invalid URL`, { path: ['url'] });
      }
      return { url, rawUrl, env };
    },
    resources: { ...agentResources, ...appResources, ...agentExtraResources },
    dataSources: { ...parameterDataSources, ...workspaceDataSources, ...presetDataSources },
  });
}
