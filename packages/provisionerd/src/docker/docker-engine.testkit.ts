// Shared by the docker provider's tests: whether a Docker engine answers (tests skip with one line
// when none does, and fail under WARREN_REQUIRE_DOCKER=1), a 2 MB busybox image made from the
// host's busybox-static (`docker import` of a tar holding /bin/busybox), and cleanup by label.
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import tar from 'tar-stream';

export const TEST_LABEL = 'warren.test';
export const BUSYBOX_IMAGE = 'warren-test/busybox:latest';

/** The engine to test against, or undefined (after saying why) when none answers. */
export async function testEngine(suite: string): Promise<Docker | undefined> {
  const docker = new Docker({ socketPath: process.env.DOCKER_HOST?.replace(/^unix:\/\//, '') || '/var/run/docker.sock' });
  try {
    await docker.ping();
    return docker;
  } catch (error) {
    const reason = `No Docker engine answers at ${process.env.DOCKER_HOST || '/var/run/docker.sock'} (${(error as Error).message}).`;
    if (process.env.WARREN_REQUIRE_DOCKER === '1') throw new Error(`${reason} WARREN_REQUIRE_DOCKER=1 requires one.`);
    console.warn(`${suite}: skipped. ${reason}`);
    return undefined;
  }
}

/** Imports /bin/busybox as `warren-test/busybox:latest` (with an `sh` link) unless it is there already. */
export async function ensureBusyboxImage(docker: Docker): Promise<string> {
  const present = await docker.getImage(BUSYBOX_IMAGE).inspect().catch(() => undefined);
  if (present) return present.Id;
  const busybox = await fs.readFile('/bin/busybox');
  const pack = tar.pack();
  pack.entry({ name: 'bin', type: 'directory', mode: 0o755 });
  pack.entry({ name: 'bin/busybox', mode: 0o755 }, busybox);
  for (const applet of ['sh', 'sleep', 'cat', 'echo', 'ls', 'true', 'env', 'id']) {
    pack.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox' });
  }
  pack.entry({ name: 'tmp', type: 'directory', mode: 0o1777 });
  pack.finalize();
  const archive = Buffer.concat(await Readable.from(pack).toArray());
  const stream: NodeJS.ReadableStream = await docker.importImage(Readable.from([archive]), {
    repo: 'warren-test/busybox',
    tag: 'latest',
    changes: [`LABEL ${TEST_LABEL}=busybox`, 'ENV PATH=/bin', 'CMD ["sh"]'],
  });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  return (await docker.getImage(BUSYBOX_IMAGE).inspect()).Id;
}

/** Removes every container, network and volume labelled `warren.test=<value>`. */
export async function removeLabelled(docker: Docker, value: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${value}`] });
  for (const info of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined);
  }
  for (const info of await docker.listNetworks({ filters })) {
    await docker.getNetwork(info.Id).remove().catch(() => undefined);
  }
  for (const info of (await docker.listVolumes({ filters })).Volumes ?? []) {
    await docker.getVolume(info.Name).remove().catch(() => undefined);
  }
  for (const info of await docker.listImages({ filters })) {
    if (!info.RepoTags?.includes(BUSYBOX_IMAGE)) await docker.getImage(info.Id).remove({ force: true }).catch(() => undefined);
  }
}
