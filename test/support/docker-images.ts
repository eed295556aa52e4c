/**
 * Docker for tests: whether an engine answers, and Warren's images (images/build.sh) built once.
 *
 * `dockerForTests()` answers `{ ok: true }` when the engine answers, or `{ ok: false, reason }`
 * when none does, in which case suites skip with that one line; with WARREN_REQUIRE_DOCKER=1 (CI)
 * a missing engine throws instead. `ensureWarrenImages()` builds the images; a failing build
 * always throws: it is a real failure, not a missing part.
 *
 * The build runs at most once per test process; across processes (vitest projects run in parallel)
 * images/build.sh serializes builds with its lock file and skips images whose inputs are unchanged,
 * so the machine builds each image once and later runs cost well under a second.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BUILD_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../images/build.sh');
/** debootstrap plus apt on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 15 * 60_000;

export type DockerForTests = { ok: true } | { ok: false; reason: string };

/** Why no Docker engine can be used, or undefined when one answers. */
export async function dockerEngineMissing(): Promise<string | undefined> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 20_000 });
    return undefined;
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(err);
    return `no Docker engine answers (${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}): ${detail}`;
  }
}

/** Builds (or finds up to date) every image of images/; throws with the script's output when it fails. */
export async function buildWarrenImages(): Promise<void> {
  try {
    await run(BUILD_SCRIPT, [], { timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`images/build.sh failed: ${String((err as Error).message).split('\n')[0]}\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n')}`);
  }
}

let engine: Promise<DockerForTests> | undefined;
let images: Promise<void> | undefined;

/**
 * Whether the Docker suites run: the engine checked once per test process. Call it at the top of a
 * suite's file (`describe.skipIf(!docker.ok)`); it is quick, unlike the image build.
 */
export function dockerForTests(): Promise<DockerForTests> {
  engine ??= (async (): Promise<DockerForTests> => {
    const missing = await dockerEngineMissing();
    if (!missing) return { ok: true };
    if (process.env.WARREN_REQUIRE_DOCKER === '1') throw new Error(`WARREN_REQUIRE_DOCKER=1 but ${missing}`);
    console.warn(`skipping the Docker suites: ${missing}`);
    return { ok: false, reason: missing };
  })();
  return engine;
}

/**
 * Warren's images built (or found up to date), once per test process. Call it from a `beforeAll`
 * with IMAGE_BUILD_TIMEOUT_MS: a first build on a fresh machine takes minutes.
 */
export function ensureWarrenImages(): Promise<void> {
  images ??= buildWarrenImages();
  return images;
}

export const IMAGE_BUILD_TIMEOUT_MS = BUILD_TIMEOUT_MS;
