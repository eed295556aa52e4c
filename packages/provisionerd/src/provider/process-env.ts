// Finds the environment of the terraform process talking to an in-process provider. A reattached
// provider is not terraform's child, so it cannot inherit the build's variables; on Linux it reads
// them from /proc/<pid>/environ of the process whose environment holds the given marker (its own
// TF_REATTACH_PROVIDERS value, unique to the provider's socket). Children of this process are
// looked at first, then every process.
import { readdir, readFile } from 'node:fs/promises';
import type { Env } from './env.js';

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function childPids(): Promise<string[]> {
  const tasks = await readdir('/proc/self/task').catch(() => [] as string[]);
  const lists = await Promise.all(tasks.map((task) => readText(`/proc/self/task/${task}/children`)));
  return lists.flatMap((list) => list?.split(' ').filter(Boolean) ?? []);
}

async function allPids(): Promise<string[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  return entries.filter((entry) => /^\d+$/.test(entry)).sort((a, b) => Number(b) - Number(a));
}

function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  return env;
}

/** The environment of a live process that has `name=value`, or undefined when none is found. */
export async function findProcessEnv(name: string, value: string): Promise<Env | undefined> {
  if (process.platform !== 'linux') return undefined;
  const marker = `${name}=${value}`;
  const matches = (text: string | undefined) => text !== undefined && (text.startsWith(`${marker}\0`) || text.includes(`\0${marker}\0`));
  for (const pids of [await childPids(), await allPids()]) {
    for (const pid of pids) {
      if (pid === String(process.pid)) continue;
      const text = await readText(`/proc/${pid}/environ`);
      if (matches(text)) return parseEnviron(text!);
    }
  }
  return undefined;
}
