import type { Client, TemplateVersion } from '@warren/sdk';
import { tarOf } from '../../../node-kit/src/archive/tar-fixture.testkit';

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Imports `mainTf` as a template version and creates a template from it; answers the template id. */
export async function pushTemplate(client: Client, orgId: string, mainTf: string, name: string): Promise<string> {
  const { hash } = await client.uploadFile(await tarOf({ 'main.tf': mainTf }));
  const queued = await client.createTemplateVersion(orgId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
  const version = await waitFor<TemplateVersion>('the template import', async () => {
    const v = await client.templateVersion(queued.id);
    return ['succeeded', 'failed', 'canceled'].includes(v.job.status) && v;
  }, 60_000);
  if (version.job.status !== 'succeeded') throw new Error(`template import ${version.job.status}: ${version.job.error}`);
  return (await client.createTemplate(orgId, { name, template_version_id: version.id })).id;
}
