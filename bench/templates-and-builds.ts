/**
 * Template import and workspace start-build latency with the agentless template, on the built-in
 * database with one built-in provisioner daemon: median and p95 over 10 runs each.
 *   npm run bench -- templates-and-builds
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tarOf } from '../packages/node-kit/src/archive/tar-fixture.testkit';
import { report, startBenchServer, until } from './support';

const RUNS = 10;
const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/templates/agentless');

const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
try {
  const imports: number[] = [];
  let versionId = '';
  for (let i = 0; i < RUNS; i++) {
    // A distinct archive each run, so de-duplication does not skip anything.
    const main = `${readFileSync(path.join(templateDir, 'main.tf'), 'utf8')}\n# run ${i}\n`;
    const started = performance.now();
    const { hash } = await owner.uploadFile(await tarOf({ 'main.tf': main }));
    const version = await owner.createTemplateVersion(organizationId, { storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {} });
    const done = await until('import', async () => {
      const v = await owner.templateVersion(version.id);
      if (v.job.status === 'failed') throw new Error(v.job.error);
      return v.job.status === 'succeeded' ? v : undefined;
    });
    imports.push(performance.now() - started);
    versionId = done.id;
  }
  report('template import (upload → job succeeded)', imports);

  const template = await owner.createTemplate(organizationId, { name: 'bench', template_version_id: versionId });
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const ws = await owner.createUserWorkspace('me', { name: `bench-${i}`, template_id: template.id });
    await until('start build', async () => {
      const b = await owner.workspaceBuild(ws.latest_build.id);
      if (b.job.status === 'failed') throw new Error(b.job.error);
      return b.status === 'running' ? b : undefined;
    });
    starts.push(performance.now() - started);
  }
  report('start build (create → running)', starts);
} finally {
  await server.close();
}
