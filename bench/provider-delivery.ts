/**
 * How the coder provider reaches terraform, with the local starter template:
 *  - plan + apply of a start with the provider in-process (TF_REATTACH_PROVIDERS, as the daemon
 *    does) against the provider from a filesystem mirror (terraform starts it: node + the bundle,
 *    several times per command); median of 10 each and their ratio;
 *  - a whole start build through a real server with one built-in daemon (create → job done).
 * Each workspace is stopped again (untimed) so no process is left running.
 *   npm run bench -- provider-delivery
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack } from 'tar-stream';
import { defaultAgentScripts, serveCoderProvider } from '../packages/provisionerd/src/provider/index';
import { writeProviderMirror } from '../packages/provisionerd/src/provider/mirror';
import { percentile, report, startBenchServer, until } from './support';

const RUNS = 10;
const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples/templates/local');
const root = mkdtempSync(path.join(os.tmpdir(), 'warren-bench-delivery-'));
const workspacesDir = path.join(root, 'workspaces');

function terraform(cwd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [args[0]!, '-no-color', '-input=false', ...args.slice(1)], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`terraform ${args[0]} failed: ${stderr}`))));
  });
}

/** Copies the template into a fresh folder with a CLI config, and runs `terraform init` there. */
async function workFolder(name: string, cliConfig: string, env: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  cpSync(templateDir, dir, { recursive: true });
  writeFileSync(path.join(dir, 'terraformrc'), cliConfig);
  await terraform(dir, ['init'], { ...env, TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') });
  return dir;
}

async function planApplySamples(dir: string, env: Record<string, string>): Promise<number[]> {
  const all = { ...env, TF_CLI_CONFIG_FILE: path.join(dir, 'terraformrc') };
  const vars = ['-var', `workspaces_dir=${workspacesDir}`, '-var', 'code_server=false'];
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await terraform(dir, ['plan', '-out=tfplan', ...vars], all);
    await terraform(dir, ['apply', '-auto-approve', 'tfplan'], all);
    samples.push(performance.now() - started);
    await terraform(dir, ['destroy', '-auto-approve', ...vars], all);
  }
  return samples;
}

const buildEnv: Record<string, string> = {
  CODER_AGENT_URL: 'http://127.0.0.1:9/',
  CODER_WORKSPACE_TRANSITION: 'start',
  CODER_WORKSPACE_NAME: 'bench',
  CODER_WORKSPACE_OWNER: 'bench',
  CODER_WORKSPACE_ID: '6f1e4c1a-5b7d-4f0e-9a51-0c4b8f3f2a10',
  CODER_AGENT_SCRIPT_linux_amd64: defaultAgentScripts().linux_amd64!,
  TF_REATTACH_PROVIDERS: '',
};

async function tarOf(dir: string): Promise<Uint8Array> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise((r) => tar.on('end', () => r(undefined)));
  for (const name of ['main.tf', 'README.md', 'install-code-server.sh']) tar.entry({ name }, readFileSync(path.join(dir, name)));
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

try {
  // In-process provider: one server for all runs, serving the build's environment.
  const provider = await serveCoderProvider({ env: buildEnv });
  let reattach: number[];
  try {
    const reattachEnv = { ...buildEnv, ...provider.env };
    const dir = await workFolder('reattach', 'disable_checkpoint = true\n', reattachEnv);
    reattach = await planApplySamples(dir, reattachEnv);
  } finally {
    await provider.close();
  }
  report('plan+apply, provider in-process', reattach);

  const mirror = await writeProviderMirror({ dir: path.join(root, 'mirror'), node: process.execPath });
  const mirrorDir = await workFolder('mirror', `disable_checkpoint = true\n${mirror.cliConfig}`, buildEnv);
  const fromMirror = await planApplySamples(mirrorDir, buildEnv);
  report('plan+apply, provider from the mirror', fromMirror);
  console.log(`mirror / in-process (medians)               ${(percentile(fromMirror, 50) / percentile(reattach, 50)).toFixed(1)}x`);

  const { server, owner, organizationId } = await startBenchServer({ 'provisioner-daemons': '1' });
  try {
    const { hash } = await owner.uploadFile(await tarOf(templateDir));
    const version = await owner.createTemplateVersion(organizationId, {
      storage_method: 'file', file_id: hash, provisioner: 'terraform', tags: {},
      user_variable_values: [{ name: 'workspaces_dir', value: workspacesDir }, { name: 'code_server', value: 'false' }],
    });
    await until('import', async () => {
      const v = await owner.templateVersion(version.id);
      if (v.job.status === 'failed') throw new Error(v.job.error);
      return v.job.status === 'succeeded' ? v : undefined;
    });
    const template = await owner.createTemplate(organizationId, { name: 'local', template_version_id: version.id });
    const builds: number[] = [];
    const finished = async (buildId: string) => until('build', async () => {
      const b = await owner.workspaceBuild(buildId);
      if (b.job.status === 'failed') throw new Error(b.job.error);
      return b.job.status === 'succeeded' ? b : undefined;
    });
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const ws = await owner.createUserWorkspace('me', { name: `bench-${i}`, template_id: template.id });
      await finished(ws.latest_build.id);
      builds.push(performance.now() - started);
      const removal = await owner.createWorkspaceBuild(ws.id, { transition: 'delete' });
      await finished(removal.id);
    }
    report('start build, local template (create → job done)', builds);
  } finally {
    await server.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
