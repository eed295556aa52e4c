/**
 * Listening TCP ports from /proc/net/tcp and /proc/net/tcp6 (state 0A = LISTEN), as Coder's
 * `listening-ports` lists them: ports below 9 are left out, each port once, with the name of the
 * process owning the socket when /proc lets the agent see it.
 */
import { readFile, readdir, readlink } from 'node:fs/promises';
import type { ListeningPort } from '@warren/sdk/agent-connection';

export const MIN_LISTENING_PORT = 9;

export interface ProcNetEntry {
  localAddress: string;
  port: number;
  state: string;
  inode: string;
}

/** Parses the text of /proc/net/tcp or tcp6 (header line first). */
export function parseProcNetTcp(text: string): ProcNetEntry[] {
  const out: ProcNetEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addr, portHex] = f[1]!.split(':');
    if (!addr || !portHex) continue;
    out.push({ localAddress: addr, port: parseInt(portHex, 16), state: f[3]!, inode: f[9]! });
  }
  return out;
}

/** Listening entries worth showing: LISTEN state, port ≥ 9, one per port. */
export function listeningEntries(entries: ProcNetEntry[]): ProcNetEntry[] {
  const seen = new Set<number>();
  return entries.filter((e) => {
    if (e.state !== '0A' || e.port < MIN_LISTENING_PORT || seen.has(e.port)) return false;
    seen.add(e.port);
    return true;
  });
}

/** Maps socket inodes to process names by walking /proc/<pid>/fd (only processes we may read). */
async function socketOwners(inodes: Set<string>, procRoot: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (inodes.size === 0) return owners;
  let pids: string[];
  try {
    pids = (await readdir(procRoot)).filter((p) => /^\d+$/.test(p));
  } catch {
    return owners;
  }
  await Promise.all(
    pids.map(async (pid) => {
      let fds: string[];
      try {
        fds = await readdir(`${procRoot}/${pid}/fd`);
      } catch {
        return;
      }
      for (const fd of fds) {
        const target = await readlink(`${procRoot}/${pid}/fd/${fd}`).catch(() => '');
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (!m || !inodes.has(m[1]!) || owners.has(m[1]!)) continue;
        const comm = await readFile(`${procRoot}/${pid}/comm`, 'utf8').catch(() => '');
        owners.set(m[1]!, comm.trim());
      }
    }),
  );
  return owners;
}

export async function listeningPorts(procRoot = '/proc'): Promise<ListeningPort[]> {
  const entries: ProcNetEntry[] = [];
  for (const file of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(`${procRoot}/${file}`, 'utf8').catch(() => '');
    entries.push(...parseProcNetTcp(text));
  }
  const listening = listeningEntries(entries);
  const owners = await socketOwners(new Set(listening.map((e) => e.inode)), procRoot);
  return listening
    .map((e) => ({ process_name: owners.get(e.inode) ?? '', network: 'tcp' as const, port: e.port }))
    .sort((a, b) => a.port - b.port);
}
