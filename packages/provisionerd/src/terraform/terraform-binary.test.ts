import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareVersions, findTerraform, terraformFeatures, TerraformUnavailableError } from './terraform-binary.js';

let folder: string;

beforeEach(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'warren-tfbin-'));
});

afterEach(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

async function fakeTerraform(version: string): Promise<string> {
  const binary = path.join(folder, 'terraform');
  await fs.writeFile(binary, `#!/bin/sh\necho '{"terraform_version":"${version}","platform":"linux_amd64"}'\n`, { mode: 0o755 });
  return binary;
}

describe('findTerraform', () => {
  it('finds terraform on the PATH and reads its version', async () => {
    const terraform = await findTerraform({ env: process.env });
    expect(path.isAbsolute(terraform.path)).toBe(true);
    expect(terraform.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('searches the given PATH', async () => {
    await fakeTerraform('1.9.8');
    expect(await findTerraform({ env: { PATH: `/nonexistent:${folder}` } })).toEqual({ path: path.join(folder, 'terraform'), version: '1.9.8' });
  });

  it('explains a missing terraform', async () => {
    const error = await findTerraform({ env: { PATH: folder } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerraformUnavailableError);
    expect((error as Error).message).toMatch(/not found on the PATH.*1\.1\.0 or newer/);
  });

  it('refuses versions older than 1.1.0', async () => {
    const binaryPath = await fakeTerraform('1.0.11');
    await expect(findTerraform({ binaryPath, env: {} })).rejects.toThrow(/Terraform 1\.0\.11 at .* is too old; version 1\.1\.0 or newer is required/);
  });

  it('explains a binary that does not report a version', async () => {
    const binaryPath = path.join(folder, 'terraform');
    await fs.writeFile(binaryPath, '#!/bin/sh\necho hello\n', { mode: 0o755 });
    await expect(findTerraform({ binaryPath, env: {} })).rejects.toThrow(/did not report a Terraform version/);
  });
});

describe('versions', () => {
  it('compare numerically, pre-releases first', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.1.0', '1.1.0')).toBe(0);
    expect(compareVersions('1.9.0-beta1', '1.9.0')).toBe(-1);
    expect(compareVersions('1.0.11', '1.1.0')).toBe(-1);
  });

  it('decide the flags used', () => {
    expect(terraformFeatures('1.11.4')).toEqual({ initJson: true, graphTypePlan: true });
    expect(terraformFeatures('1.8.0')).toEqual({ initJson: false, graphTypePlan: true });
    expect(terraformFeatures('1.6.6')).toEqual({ initJson: false, graphTypePlan: false });
  });
});
