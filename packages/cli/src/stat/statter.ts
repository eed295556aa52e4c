/**
 * What `warren stat` measures inside a workspace, from /proc, /sys/fs/cgroup and statfs: host CPU
 * (cores busy over a short sample), host memory (total minus available), disk usage of a path,
 * and, inside a container, the container's CPU and memory against its cgroup limits.
 */
import { statfs } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cgroupReader, isContainerized, type CgroupReader } from './cgroup';
import type { StatResult } from './result';

export interface StatterOptions {
  /** Root of the filesystem holding proc/ and sys/ (tests point it at a prepared folder). */
  root?: string;
  /** Cores the host offers (default: what this process may use). */
  cores?: number;
  /** How long CPU use is sampled. */
  sampleMs?: number;
  wait?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
}

interface CpuTimes {
  total: number;
  idle: number;
}

export class Statter {
  private readonly root: string;
  private readonly cores: number;
  private readonly sampleMs: number;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private cgroup: Promise<CgroupReader> | undefined;

  constructor(opts: StatterOptions = {}) {
    this.root = opts.root ?? '/';
    this.cores = opts.cores ?? os.availableParallelism();
    this.sampleMs = opts.sampleMs ?? 100;
    this.wait = opts.wait ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? (() => performance.now());
  }

  private file(p: string): string {
    return path.join(this.root, p);
  }

  isContainerized(): Promise<boolean> {
    return isContainerized(this.root);
  }

  /** The first line of /proc/stat: busy and idle jiffies (guest time is already in user). */
  private async cpuTimes(): Promise<CpuTimes> {
    const line = (await readFile(this.file('proc/stat'), 'utf8')).split('\n').find((l) => l.startsWith('cpu '));
    if (!line) throw new Error('/proc/stat has no "cpu" line.');
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
    return { total: user! + nice! + system! + idle! + (iowait ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0), idle: idle! };
  }

  async hostCpu(): Promise<StatResult> {
    const a = await this.cpuTimes();
    await this.wait(this.sampleMs);
    const b = await this.cpuTimes();
    const total = b.total - a.total;
    const used = total === 0 ? 0 : ((total - (b.idle - a.idle)) / total) * this.cores;
    return { total: this.cores, unit: 'cores', used };
  }

  async hostMemory(): Promise<StatResult> {
    const info = await readFile(this.file('proc/meminfo'), 'utf8');
    const kib = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(info);
      if (!m) throw new Error(`/proc/meminfo has no ${key}.`);
      return Number(m[1]) * 1024;
    };
    const total = kib('MemTotal');
    return { total, unit: 'B', used: total - kib('MemAvailable') };
  }

  async disk(target: string): Promise<StatResult> {
    const s = await statfs(target);
    return { total: s.blocks * s.bsize, unit: 'B', used: (s.blocks - s.bfree) * s.bsize };
  }

  private reader(): Promise<CgroupReader> {
    this.cgroup ??= cgroupReader(this.root);
    return this.cgroup;
  }

  /** Cores the container used over the sample; null outside a container. */
  async containerCpu(): Promise<StatResult | null> {
    if (!(await this.isContainerized())) return null;
    const cg = await this.reader();
    const limit = await cg.cpuLimitCores();
    const a = await cg.cpuUsageUs();
    const started = this.now();
    await this.wait(this.sampleMs);
    const b = await cg.cpuUsageUs();
    const elapsedUs = Math.max(1, (this.now() - started) * 1000);
    // A counter reset in between leaves only the second reading to go on.
    const used = (b >= a ? b - a : b) / elapsedUs;
    return { total: limit, unit: 'cores', used };
  }

  /** The container's memory in use against its limit; null outside a container. */
  async containerMemory(): Promise<StatResult | null> {
    if (!(await this.isContainerized())) return null;
    const cg = await this.reader();
    return { total: await cg.memoryLimitBytes(), unit: 'B', used: await cg.memoryUsedBytes() };
  }
}
