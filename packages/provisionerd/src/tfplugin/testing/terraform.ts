// Runs the real terraform binary in a test folder, with a CLI config of the test's choosing.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface TerraformResult {
  code: number | null;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

/** Writes the CLI config terraform reads in `dir` (empty by default, so no stray user config applies). */
export async function writeCliConfig(dir: string, text = ''): Promise<string> {
  const path = join(dir, 'terraformrc');
  await writeFile(path, text);
  return path;
}

/** Runs `terraform <command> -no-color <args...>` in `dir`; aborting `interrupt` sends it SIGINT (^C). */
export function terraform(dir: string, [command, ...args]: string[], env: Record<string, string> = {}, interrupt?: AbortSignal): Promise<TerraformResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [command!, '-no-color', ...args], {
      cwd: dir,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'),
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: interrupt,
      killSignal: 'SIGINT',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      if (error.name !== 'AbortError') reject(error);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, milliseconds: performance.now() - started }));
  });
}
