// The typed kit every coder resource and data source is declared with, and what `configure`
// hands them: the deployment URL and the environment the provider reads its inputs from.
import { providerKit } from '../tfplugin/index.js';
import type { EnvReader } from './env.js';

export interface CoderContext {
  /** The deployment's access URL (provider `url`, else `CODER_AGENT_URL`). */
  readonly url: URL;
  /** The provider `url` as configured, for values that show it as given. */
  readonly rawUrl: string;
  readonly env: EnvReader;
}

export const kit = providerKit<CoderContext>();
