import fs from 'node:fs/promises';
import path from 'node:path';

/** Where one daemon's terraform keeps its provider plugins and reads its CLI configuration. */
export interface TerraformCacheLayout {
  pluginCacheDir: string;
  cliConfigFile: string;
}

/**
 * Prepares a daemon's cache folder: a plugin cache, and (unless `cliConfigFile` names one to use) a CLI
 * configuration of its own, so a `TF_CLI_CONFIG_FILE` of the host that points at a missing file cannot
 * make every command warn. The cache folder must not be shared by daemons running at the same time.
 */
export async function prepareTerraformCache(cacheDir: string, cliConfigFile?: string): Promise<TerraformCacheLayout> {
  const pluginCacheDir = path.join(cacheDir, 'plugins');
  await fs.mkdir(pluginCacheDir, { recursive: true, mode: 0o700 });
  if (cliConfigFile) return { pluginCacheDir, cliConfigFile };
  const generated = path.join(cacheDir, 'terraform.tfrc');
  const text = [
    `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`,
    // No update checks: daemons often run without internet access.
    'disable_checkpoint = true',
    '',
  ].join('\n');
  await fs.writeFile(generated, text, { mode: 0o600 });
  return { pluginCacheDir, cliConfigFile: generated };
}
