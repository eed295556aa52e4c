/** Starts the real agent entry (`main.ts agent`) as a child process, as the init script would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface SpawnedAgent {
  child: ChildProcess;
  output: () => string;
  home: string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * WARREN_AGENT_BIN runs a built agent instead (packages/cli/dist/`coder-linux-amd64` or `coder.cjs`),
 * so the same tests check the one-file build.
 */
function command(): [string, string[]] {
  const bin = process.env.WARREN_AGENT_BIN;
  if (!bin) return [process.execPath, ['--import', 'tsx', MAIN, 'agent']];
  return bin.endsWith('.cjs') ? [process.execPath, [path.resolve(bin), 'agent']] : [path.resolve(bin), ['agent']];
}

export function spawnAgent(url: string, token: string, env: Record<string, string> = {}): SpawnedAgent {
  const home = mkdtempSync(path.join(os.tmpdir(), 'warren-agent-home-'));
  const [file, args] = command();
  const child = spawn(file, args, {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      SHELL: '/bin/bash',
      CODER_AGENT_URL: url,
      CODER_AGENT_TOKEN: token,
      CODER_AGENT_LOG_DIR: path.join(home, 'logs'),
      CODER_AGENT_SCRIPT_DATA_DIR: path.join(home, 'data'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    home,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
