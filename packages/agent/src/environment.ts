/** The user's shell, home and the environment every process the agent starts gets. */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shellQuote } from './self-executable';
import type { Manifest } from './wire';

/** The login shell from the password database, then $SHELL, then /bin/sh. */
export function userShell(env: NodeJS.ProcessEnv): string {
  try {
    const shell = os.userInfo().shell;
    if (shell && existsSync(shell)) return shell;
  } catch {
    // No passwd entry for this uid (common in containers).
  }
  try {
    const uid = process.getuid?.();
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(uid));
    const shell = line?.split(':')[6];
    if (shell && existsSync(shell)) return shell;
  } catch {
    // Fall through to $SHELL.
  }
  if (env.SHELL && existsSync(env.SHELL)) return env.SHELL;
  return '/bin/sh';
}

export function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir() || '/';
}

/** Coder's expandDirectory: empty means home, `~` expands, `$VARS` expand, relative is under home. */
export function expandDirectory(dir: string | undefined, env: NodeJS.ProcessEnv): string {
  const home = homeDir(env);
  if (!dir) return home;
  let out = dir.startsWith('~') ? path.join(home, dir.slice(1)) : dir;
  out = out.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');
  return path.isAbsolute(out) ? out : path.join(home, out);
}

/**
 * How the agent's own process was configured, not for the workspace's processes. The token itself
 * is given to them, as Coder does (`agentVars`): `coder external-auth` and git's askpass use it.
 */
const PRIVATE_VARS = ['CODER_AGENT_TOKEN_FILE', 'CODER_AGENT_AUTH'];

export interface ProcessEnvironment {
  shell: string;
  env: Record<string, string>;
  directory: string;
}

/**
 * What the workspace's processes need to reach the deployment as this agent, as Coder's agent
 * gives them: its URL and token (for `coder external-auth`, `gitssh` and git's askpass), and the
 * agent's own program as git's askpass and ssh wrapper.
 */
export function agentVariables(url: string | URL, token: string, selfExecutable: string | undefined): Record<string, string> {
  const vars: Record<string, string> = { CODER_AGENT_URL: new URL(url).toString(), CODER_AGENT_TOKEN: token };
  if (selfExecutable) {
    vars.GIT_ASKPASS = selfExecutable;
    vars.GIT_SSH_COMMAND = `${shellQuote(selfExecutable)} gitssh --`;
  }
  return vars;
}

/**
 * The environment of scripts, terminals and SSH sessions, as Coder's agent builds it. `agentVars`
 * (the agent's URL and token, GIT_ASKPASS) win over the template's variables.
 */
export function workspaceEnvironment(manifest: Manifest, base: NodeJS.ProcessEnv, scriptBinDir: string, agentVars: Record<string, string> = {}): ProcessEnvironment {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !PRIVATE_VARS.includes(k)) env[k] = v;
  const shell = userShell(base);
  const user = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return base.USER ?? 'coder';
    }
  })();
  env.USER = user;
  env.LOGNAME = user;
  env.HOME = homeDir(base);
  env.SHELL = shell;
  env.CODER = 'true';
  if (manifest.workspace_name) env.CODER_WORKSPACE_NAME = manifest.workspace_name;
  if (manifest.owner_name) env.CODER_WORKSPACE_OWNER_NAME = manifest.owner_name;
  if (manifest.agent_name) env.CODER_WORKSPACE_AGENT_NAME = manifest.agent_name;
  env.CODER_SCRIPT_BIN_DIR = scriptBinDir;
  env.PATH = [scriptBinDir, env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':');
  for (const [k, v] of Object.entries(manifest.environment_variables ?? {})) env[k] = v;
  Object.assign(env, agentVars);
  const directory = expandDirectory(manifest.directory, base);
  return { shell, env, directory: existsSync(directory) ? directory : env.HOME };
}
