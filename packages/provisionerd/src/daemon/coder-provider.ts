/**
 * Each job gets its own in-process coder provider (its own socket, so concurrent jobs never share
 * provider state), handed to terraform through TF_REATTACH_PROVIDERS: no install step, and the
 * template's version constraints and lock file entries for coder/coder do not matter. The provider
 * reads each terraform command's own environment; the job's inputs are its fallback.
 */
import { serveCoderProvider } from '../provider/serve.js';
import { type ProvisionEnvInput, provisionEnv } from '../terraform/environment.js';

export async function withCoderProvider<T>(inputs: ProvisionEnvInput, body: (extraEnv: Record<string, string>) => Promise<T>): Promise<T> {
  const server = await serveCoderProvider({ env: provisionEnv({}, inputs) });
  try {
    return await body(server.env);
  } finally {
    await server.close();
  }
}
