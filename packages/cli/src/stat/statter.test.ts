// The statter against prepared /proc and /sys/fs/cgroup trees (cgroup v1 and v2, inside and
// outside a container), with a stepping clock instead of sleeps, and Coder's text format.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatResult } from './result';
import { Statter } from './statter';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'warren-stat-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** A statter whose sample waits run `between` (to change files) and advance the clock by the sample. */
function statter(root: string, between: () => void = () => undefined, cores = 4) {
  let now = 1000;
  return new Statter({
    root,
    cores,
    sampleMs: 100,
    now: () => now,
    wait: async (ms) => {
      between();
      now += ms;
    },
  });
}

const MEMINFO = 'MemTotal:       16384000 kB\nMemFree:         1000000 kB\nMemAvailable:    12288000 kB\n';
const DOCKER_PID1 = '0::/\n12:memory:/docker/abc\n';

describe('host measurements', () => {
  it('counts busy jiffies over the sample as cores, and memory as total minus available', async () => {
    const root = tree({ 'proc/stat': 'cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n', 'proc/meminfo': MEMINFO, 'proc/1/cgroup': '0::/init.scope\n' });
    // 400 jiffies pass, 100 of them idle: three quarters of 4 cores are busy.
    const s = statter(root, () => writeFileSync(path.join(root, 'proc/stat'), 'cpu  250 0 250 900 0 0 0 0 0 0\n'));
    expect(await s.hostCpu()).toEqual({ total: 4, unit: 'cores', used: 3 });
    expect(await s.hostMemory()).toEqual({ total: 16384000 * 1024, unit: 'B', used: 4096000 * 1024 });
    expect(await s.isContainerized()).toBe(false);
    expect(await s.containerCpu()).toBeNull();
    expect(await s.containerMemory()).toBeNull();
  });
});

describe('cgroup v2', () => {
  const files = (cpuMax: string, memMax: string) => ({
    'proc/1/cgroup': DOCKER_PID1,
    'proc/self/cgroup': '0::/workspace/dev\n',
    'sys/fs/cgroup/cgroup.controllers': 'cpu memory\n',
    'sys/fs/cgroup/cpu.max': 'max 100000\n',
    'sys/fs/cgroup/memory.max': 'max\n',
    'sys/fs/cgroup/workspace/cpu.max': cpuMax,
    'sys/fs/cgroup/workspace/memory.max': memMax,
    'sys/fs/cgroup/workspace/dev/cpu.max': 'max 100000\n',
    'sys/fs/cgroup/workspace/dev/memory.max': 'max\n',
    'sys/fs/cgroup/workspace/dev/cpu.stat': 'usage_usec 1000000\nuser_usec 1\n',
    'sys/fs/cgroup/workspace/dev/memory.current': String(3 * 1024 ** 3),
    'sys/fs/cgroup/workspace/dev/memory.stat': 'anon 1\ninactive_file 1073741824\nactive_file 5\n',
  });

  it("reads the process's own cgroup and takes limits from the nearest parent that sets one", async () => {
    const root = tree(files('200000 100000\n', String(4 * 1024 ** 3)));
    // 150 ms of CPU in 100 ms: one and a half cores of the two the quota allows.
    const s = statter(root, () => writeFileSync(path.join(root, 'sys/fs/cgroup/workspace/dev/cpu.stat'), 'usage_usec 1150000\n'));
    expect(await s.isContainerized()).toBe(true);
    expect(await s.containerCpu()).toEqual({ total: 2, unit: 'cores', used: 1.5 });
    expect(await s.containerMemory()).toEqual({ total: 4 * 1024 ** 3, unit: 'B', used: 2 * 1024 ** 3 });
  });

  it('reports no limit when none is set anywhere', async () => {
    const s = statter(tree(files('max 100000\n', 'max\n')));
    expect((await s.containerCpu())!.total).toBeNull();
    expect((await s.containerMemory())!.total).toBeNull();
  });
});

describe('cgroup v1', () => {
  it('reads the split cpu and cpuacct hierarchies, and treats Docker\'s huge limit as none', async () => {
    const root = tree({
      'proc/1/cgroup': '4:memory:/kubepods/pod1\n',
      'sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000\n',
      'sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      'sys/fs/cgroup/cpuacct/cpuacct.usage': '5000000000\n',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      'sys/fs/cgroup/memory/memory.usage_in_bytes': '1000000\n',
      'sys/fs/cgroup/memory/memory.stat': 'cache 5\ntotal_inactive_file 400000\n',
    });
    // 25 ms of CPU (ns in cpuacct.usage) in 100 ms: a quarter core of a half-core quota.
    const s = statter(root, () => writeFileSync(path.join(root, 'sys/fs/cgroup/cpuacct/cpuacct.usage'), '5025000000\n'));
    expect(await s.containerCpu()).toEqual({ total: 0.5, unit: 'cores', used: 0.25 });
    expect(await s.containerMemory()).toEqual({ total: null, unit: 'B', used: 600000 });
  });

  it('detects Sysbox containers from their mounts', async () => {
    const s = statter(tree({ 'proc/1/cgroup': '0::/\n', 'proc/mounts': 'proc /proc proc rw 0 0\nsysboxfs /proc/sys fuse rw 0 0\n' }));
    expect(await s.isContainerized()).toBe(true);
  });
});

describe("Coder's text format", () => {
  it.each([
    [{ total: 4, unit: 'cores', used: 0.52341 }, undefined, '0.523/4 cores (13%)'],
    [{ total: 8 * 1024 ** 3, unit: 'B', used: 3.456 * 1024 ** 3 }, 'Gi' as const, '3.46/8 GiB (43%)'],
    [{ total: 300 * 1024 ** 3, unit: 'B', used: 123.4 * 1024 ** 3 }, 'Gi' as const, '123/300 GiB (41%)'],
    [{ total: null, unit: 'cores', used: 1.5 }, undefined, '1.5 cores'],
    [{ total: 2048 * 1024, unit: 'B', used: 1536 * 1024 }, 'Mi' as const, '1.5/2 MiB (75%)'],
  ])('%j with prefix %s is %s', (result, prefix, text) => {
    expect(formatResult(result, prefix)).toBe(text);
  });

  it('shows a measurement that does not apply as -', () => {
    expect(formatResult(null)).toBe('-');
  });
});
