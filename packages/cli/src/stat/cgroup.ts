/**
 * CPU and memory of the cgroup a workspace runs in (v1 or v2), read from /sys/fs/cgroup as Coder's
 * `stat` does: CPU in cores (limit from the CFS quota), memory as usage minus inactive page cache
 * (limit from memory.max / memory.limit_in_bytes). In cgroup v2 the process's own cgroup is used,
 * and a limit not set there is looked up in its parents.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Docker's "no limit" value of memory.limit_in_bytes. */
const UNLIMITED_V1 = 9223372036854771712n;

export interface CgroupReader {
  /** Cumulative CPU time used, in microseconds. */
  cpuUsageUs(): Promise<number>;
  /** The CPU limit in cores, or null when there is none. */
  cpuLimitCores(): Promise<number | null>;
  memoryUsedBytes(): Promise<number>;
  memoryLimitBytes(): Promise<number | null>;
}

const readText = (file: string) => readFile(file, 'utf8');
const readNumber = async (file: string) => {
  const text = (await readText(file)).trim();
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isFinite(n)) throw new Error(`${file} does not hold a number ("${text.slice(0, 40)}").`);
  return n;
};
async function readKey(file: string, key: string): Promise<number> {
  for (const line of (await readText(file)).split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k === key && v !== undefined) return Number(v);
  }
  throw new Error(`${file} has no "${key}" line.`);
}

class CgroupV2 implements CgroupReader {
  /** The process's cgroup folder first, then its parents up to the root. */
  constructor(private readonly dirs: string[]) {}

  /** The first folder (from the process's own upwards) where `file` exists. */
  private find(file: string): string | undefined {
    return this.dirs.map((d) => path.join(d, file)).find((f) => existsSync(f));
  }

  async cpuUsageUs() {
    const file = this.find('cpu.stat');
    if (!file) throw new Error('No cpu.stat file in the cgroup.');
    return readKey(file, 'usage_usec');
  }

  async cpuLimitCores() {
    for (const dir of this.dirs) {
      const file = path.join(dir, 'cpu.max');
      if (!existsSync(file)) continue;
      const [quota, period] = (await readText(file)).trim().split(/\s+/);
      if (quota !== 'max' && Number(quota) > 0) return Number(quota) / (Number(period) || 100_000);
    }
    return null;
  }

  async memoryUsedBytes() {
    const current = this.find('memory.current');
    const stat = this.find('memory.stat');
    if (!current || !stat) throw new Error('No memory.current or memory.stat file in the cgroup.');
    return (await readNumber(current)) - (await readKey(stat, 'inactive_file'));
  }

  async memoryLimitBytes() {
    for (const dir of this.dirs) {
      const file = path.join(dir, 'memory.max');
      if (!existsSync(file)) continue;
      const text = (await readText(file)).trim();
      if (text !== 'max') return Number(text);
    }
    return null;
  }
}

class CgroupV1 implements CgroupReader {
  constructor(private readonly root: string) {}

  /** `cpu,cpuacct/x` when the controllers share a mount, else `cpuacct/x` or `cpu/x`. */
  private file(controller: 'cpu' | 'cpuacct', name: string): string {
    const joint = path.join(this.root, 'cpu,cpuacct', name);
    return existsSync(joint) ? joint : path.join(this.root, controller, name);
  }

  async cpuUsageUs() {
    return (await readNumber(this.file('cpuacct', 'cpuacct.usage'))) / 1000;
  }

  async cpuLimitCores() {
    const quota = await readNumber(this.file('cpu', 'cpu.cfs_quota_us'));
    if (quota <= 0) return null;
    return quota / (await readNumber(this.file('cpu', 'cpu.cfs_period_us')));
  }

  async memoryUsedBytes() {
    const usage = await readNumber(path.join(this.root, 'memory', 'memory.usage_in_bytes'));
    return usage - (await readKey(path.join(this.root, 'memory', 'memory.stat'), 'total_inactive_file'));
  }

  async memoryLimitBytes() {
    const text = (await readText(path.join(this.root, 'memory', 'memory.limit_in_bytes'))).trim();
    if (!/^\d+$/.test(text) || BigInt(text) >= UNLIMITED_V1) return null;
    return Number(text);
  }
}

/**
 * The cgroup reader for a filesystem rooted at `root` ('/' normally): v2 when /sys/fs/cgroup is
 * the unified hierarchy (it has cgroup.controllers), else v1.
 */
export async function cgroupReader(root: string): Promise<CgroupReader> {
  const base = path.join(root, 'sys/fs/cgroup');
  if (!existsSync(path.join(base, 'cgroup.controllers'))) return new CgroupV1(base);
  const self = await readText(path.join(root, 'proc/self/cgroup')).catch(() => '');
  const own = /^0::(.*)$/m.exec(self)?.[1]?.trim() || '/';
  const dirs: string[] = [];
  for (let p = path.posix.normalize(own); ; p = path.posix.dirname(p)) {
    dirs.push(path.join(base, p));
    if (p === '/' || p === '.') break;
  }
  return new CgroupV2(dirs);
}

/**
 * Whether this runs inside a container (Docker, Kubernetes, LXC, systemd-nspawn, Sysbox), as
 * Coder decides it: from the cgroups of pid 1 and the mounts.
 */
export async function isContainerized(root: string): Promise<boolean> {
  const cgroups = await readText(path.join(root, 'proc/1/cgroup')).catch(() => '');
  if (cgroups.split('\n').some((l) => /docker|\.slice|lxc|kubepods/.test(l))) return true;
  const mounts = await readText(path.join(root, 'proc/mounts')).catch(() => '');
  return mounts.split('\n').some((l) => l.startsWith('sysboxfs'));
}
