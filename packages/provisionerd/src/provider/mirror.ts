// Writes Warren's coder provider as a terraform filesystem-mirror package, for terraform run by
// hand (or anywhere the in-process provider is not available): in the unpacked layout
// `<dir>/registry.terraform.io/coder/coder/<version>/<os>_<arch>/`, one esbuild bundle of the
// plugin entry plus a small shell wrapper named `terraform-provider-coder_v<version>` that runs
// it with Node.js. Node.js 20 or newer must be installed where terraform runs the provider.
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CODER_PROVIDER_ADDRESS } from './provider.js';

/** The provider release whose schemas Warren's provider follows; templates' constraints are checked against it. */
export const CODER_PROVIDER_VERSION = '2.17.0';

const entryPoint = path.join(path.dirname(fileURLToPath(import.meta.url)), 'plugin-main.ts');
// Not named terraform-provider-*: terraform would take it for the executable.
const bundleName = 'provider.cjs';

export interface ProviderMirrorOptions {
  /** The mirror's root folder (created when missing). */
  dir: string;
  /** Versions to publish; each gets its own copy of the package. Default: CODER_PROVIDER_VERSION. */
  versions?: readonly string[];
  /** The Node.js the wrapper runs; default `node` from terraform's PATH. */
  node?: string;
  /** Terraform's platform name; default this machine's (e.g. linux_amd64). */
  platform?: string;
}

export interface ProviderMirror {
  /** Each version's package folder. */
  packageDirs: string[];
  /** The wrapper terraform starts, one per version. */
  executables: string[];
  /** A terraform CLI configuration that installs coder/coder from this mirror and the rest directly. */
  cliConfig: string;
}

export function terraformPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Bundles the provider into one CommonJS file's text. */
export async function bundleProvider(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

function wrapperScript(node: string): string {
  return [
    '#!/bin/sh',
    "# Warren's coder/coder terraform provider: runs the bundle beside this file with Node.js (>= 20).",
    '# Terraform starts it through a symlink, so find the real folder first.',
    'here=$(dirname "$(readlink -f "$0")")',
    `exec ${shellQuote(node)} "$here/${bundleName}" "$@"`,
    '',
  ].join('\n');
}

export function mirrorCliConfig(dir: string): string {
  const address = JSON.stringify(CODER_PROVIDER_ADDRESS);
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(path.resolve(dir))}`,
    `    include = [${address}]`,
    '  }',
    '  direct {',
    `    exclude = [${address}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function writeProviderMirror(options: ProviderMirrorOptions): Promise<ProviderMirror> {
  const versions = options.versions?.length ? options.versions : [CODER_PROVIDER_VERSION];
  for (const version of versions) {
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`"${version}" is not a provider version such as ${CODER_PROVIDER_VERSION}.`);
  }
  const bundle = await bundleProvider();
  const wrapper = wrapperScript(options.node ?? 'node');
  const platform = options.platform ?? terraformPlatform();
  const packageDirs: string[] = [];
  const executables: string[] = [];
  for (const version of versions) {
    const packageDir = path.resolve(options.dir, CODER_PROVIDER_ADDRESS, version, platform);
    // The lock file's h1: hash covers the whole folder: keep exactly these two files.
    await rm(packageDir, { recursive: true, force: true });
    await mkdir(packageDir, { recursive: true });
    await writeFile(path.join(packageDir, bundleName), bundle);
    const executable = path.join(packageDir, `terraform-provider-coder_v${version}`);
    await writeFile(executable, wrapper);
    await chmod(executable, 0o755);
    packageDirs.push(packageDir);
    executables.push(executable);
  }
  return { packageDirs, executables, cliConfig: mirrorCliConfig(options.dir) };
}

function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
