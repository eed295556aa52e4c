import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const minimumTerraformVersion = '1.1.0';

/** A terraform binary that was found and is recent enough. */
export interface TerraformBinary {
  path: string;
  /** As reported by `terraform version -json`, e.g. "1.11.4". */
  version: string;
}

/** Terraform is missing, cannot be run, or is older than 1.1.0. */
export class TerraformUnavailableError extends Error {
  override readonly name = 'TerraformUnavailableError';
}

export interface FindTerraformOptions {
  /** Use this binary instead of searching the PATH. */
  binaryPath?: string;
  /** The environment to search (`PATH`) and to run `terraform version` with. */
  env: Readonly<Record<string, string | undefined>>;
}

/** Locates terraform (the given path, else `terraform` on the PATH) and checks its version. */
export async function findTerraform(options: FindTerraformOptions): Promise<TerraformBinary> {
  const binaryPath = options.binaryPath ? path.resolve(options.binaryPath) : await searchPath(options.env.PATH ?? '');
  const version = await readVersion(binaryPath, options.env);
  if (compareVersions(version, minimumTerraformVersion) < 0) {
    throw new TerraformUnavailableError(
      `Terraform ${version} at ${binaryPath} is too old; version ${minimumTerraformVersion} or newer is required.`,
    );
  }
  return { path: binaryPath, version };
}

/** Which command-line flags a terraform version understands. */
export function terraformFeatures(version: string): { initJson: boolean; graphTypePlan: boolean } {
  return {
    initJson: compareVersions(version, '1.9.0') >= 0,
    graphTypePlan: compareVersions(version, '1.7.0') >= 0,
  };
}

/** Orders versions like "1.11.4" and "1.12.0-beta1"; a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [left, right] = [parseVersion(a), parseVersion(b)];
  for (let index = 0; index < 3; index += 1) {
    const difference = (left.numbers[index] ?? 0) - (right.numbers[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.preRelease === right.preRelease) return 0;
  if (left.preRelease === '') return 1;
  if (right.preRelease === '') return -1;
  return left.preRelease < right.preRelease ? -1 : 1;
}

function parseVersion(version: string): { numbers: number[]; preRelease: string } {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(version.trim());
  if (!match) throw new TerraformUnavailableError(`"${version}" is not a Terraform version.`);
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], preRelease: match[4] ?? '' };
}

async function searchPath(searchPath: string): Promise<string> {
  for (const folder of searchPath.split(path.delimiter)) {
    if (folder === '') continue;
    const candidate = path.resolve(folder, 'terraform');
    try {
      await fs.access(candidate, constants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new TerraformUnavailableError(
    `Terraform was not found on the PATH. ` +
      `Install Terraform ${minimumTerraformVersion} or newer, or configure the path to its binary.`,
  );
}

async function readVersion(binaryPath: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(binaryPath, ['version', '-json'], { env, timeout: 60_000 }));
  } catch (error) {
    throw new TerraformUnavailableError(`Could not run "${binaryPath} version -json": ${(error as Error).message}`);
  }
  try {
    const version: unknown = (JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version;
    if (typeof version === 'string') return version;
  } catch {
    // reported below
  }
  throw new TerraformUnavailableError(`"${binaryPath} version -json" did not report a Terraform version.`);
}
