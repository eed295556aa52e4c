// The Docker Engine API as the docker provider uses it, through dockerode: an engine address
// (`unix://`, `tcp://`, `http(s)://`) becomes a client, "not found" answers become null, and an
// engine's error becomes a sentence naming what was asked.
import fs from 'node:fs/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { ProviderError } from '../tfplugin/index.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface EngineTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/** A dockerode client for an engine address. */
export function dockerClient(host: string, tls: EngineTls = {}): Docker {
  const hasTls = Boolean(tls.ca || tls.cert || tls.key);
  if (host.startsWith('unix://')) return new Docker({ socketPath: host.slice('unix://'.length) });
  if (host.startsWith('/')) return new Docker({ socketPath: host });
  const match = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (!match) {
    throw new ProviderError('Unsupported Docker host', {
      detail: `"${host}" is not a unix://, tcp://, http:// or https:// address of a Docker engine (ssh:// is not supported in-process).`,
      path: ['host'],
    });
  }
  const [, scheme, hostname, port] = match;
  const protocol = scheme === 'https' || (scheme === 'tcp' && hasTls) ? 'https' : 'http';
  return new Docker({
    host: hostname!.replace(/^\[|\]$/g, ''),
    port: port ? Number(port) : protocol === 'https' ? 2376 : 2375,
    protocol,
    ...(tls.ca && { ca: tls.ca }),
    ...(tls.cert && { cert: tls.cert }),
    ...(tls.key && { key: tls.key }),
  });
}

interface EngineErrorShape {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

export function engineMessage(error: unknown): string {
  const shaped = error as EngineErrorShape;
  const message = shaped?.json?.message ?? shaped?.message ?? String(error);
  return message.replace(/^\(HTTP code \d+\) [a-z ]+- /, '').trim();
}

export const isNotFound = (error: unknown) => (error as EngineErrorShape)?.statusCode === 404;

/** Runs an engine call; a 404 answers null, any other failure throws `summary` with the engine's message. */
export async function orNull<T>(summary: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw new ProviderError(summary, { detail: engineMessage(error) });
  }
}

export async function engineCall<T>(summary: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new ProviderError(summary, { detail: engineMessage(error) });
  }
}

/** Follows a pull or build progress stream to its end; an error event rejects with its message. */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onLine?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        if (error) return reject(error);
        const failed = output.find((event) => event.error || event.errorDetail);
        if (failed) return reject(new Error(failed.errorDetail?.message ?? failed.error));
        resolve();
      },
      (event: { stream?: string; status?: string }) => {
        const line = (event.stream ?? event.status ?? '').trim();
        if (line && onLine) onLine(line);
      },
    );
  });
}

/** Every file under `dir`, relative to it with `/` separators (the build context's entries). */
export async function contextEntries(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** `ubuntu` → `ubuntu:latest`; a name with a tag or digest is kept. */
export function withDefaultTag(name: string): string {
  if (name.includes('@')) return name;
  const lastSlash = name.lastIndexOf('/');
  return name.slice(lastSlash + 1).includes(':') ? name : `${name}:latest`;
}

export interface ImageFound {
  id: string;
  repoDigests: string[];
}

export async function inspectImage(docker: Docker, name: string): Promise<ImageFound | null> {
  const info = await orNull(`Unable to inspect image "${name}"`, () => docker.getImage(name).inspect());
  return info && { id: info.Id, repoDigests: info.RepoDigests ?? [] };
}

/**
 * The image named, from the engine's store or else pulled. A pull that fails (no registry
 * reachable, unknown image) is an error naming the image.
 */
export async function findOrPullImage(docker: Docker, name: string, options: { platform?: string; authconfig?: object } = {}): Promise<ImageFound> {
  const present = await inspectImage(docker, name);
  if (present) return present;
  try {
    const stream = await docker.pull(withDefaultTag(name), {
      ...(options.platform && { platform: options.platform }),
      ...(options.authconfig && { authconfig: options.authconfig }),
    });
    await followProgress(docker, stream);
  } catch (error) {
    throw new ProviderError(`Unable to find or pull image "${name}"`, {
      detail: `The image is not in the Docker engine's image store and pulling it failed: ${engineMessage(error)}. `
        + 'Build or load the image on the engine first (docker build, docker load), or use a docker_image resource with a build block.',
    });
  }
  const pulled = await inspectImage(docker, name);
  if (!pulled) throw new ProviderError(`Unable to find image "${name}"`, { detail: 'The pull finished but the engine does not list the image.' });
  return pulled;
}
