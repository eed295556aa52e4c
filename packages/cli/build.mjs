// Builds the one `coder` binary: the CLI and the workspace agent in one program (src/binary.ts
// chooses between them from argv before loading either).
//   dist/coder.cjs               the program's entry and the agent (node dist/coder.cjs agent | login | ssh ...)
//   dist/coder-cli.cjs           the CLI's code, compiled only when a CLI command runs (an asset of the SEA)
//   dist/native/*.node           the host's native addons beside it (node-pty, ssh2's crypto, bufferutil)
//   dist/coder-<os>-<arch>[.exe] Node single executable applications (SEA) embedding the bundle and
//                                that platform's addons as assets; they need no node on the host.
// The host's platform is built by default. Other targets (--target linux-arm64,windows-amd64 or
// --all) use Node's official binary of this very Node version from its npm package
// (node-<os>-<arch>), fetched once with `npm pack` into a cache folder (WARREN_BUILD_CACHE, default
// ~/.cache/warren-build). macOS is not built: an injected Mach-O must be signed again with Apple's
// codesign, which does not run here (docs/ides.md).
// Usage: node build.mjs [--no-sea] [--no-minify] [--no-strip] [--no-code-cache] [--out-dir <dir>] [--target <list> | --all]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined);
// Another folder leaves the binary the server serves (dist/) alone, e.g. to measure a change.
const dist = flag('--out-dir') ? path.resolve(flag('--out-dir')) : path.join(here, 'dist');
const require = createRequire(import.meta.url);
const args = new Set(argv);
const minify = !args.has('--no-minify');
const cacheDir = process.env.WARREN_BUILD_CACHE ?? path.join(os.homedir(), '.cache', 'warren-build');

/** Targets by the name in the file served at /bin: Node's platform and arch, and its npm package. */
const TARGETS = {
  'linux-amd64': { platform: 'linux', arch: 'x64', exe: '' },
  'linux-arm64': { platform: 'linux', arch: 'arm64', exe: '' },
  'windows-amd64': { platform: 'win32', arch: 'x64', exe: '.exe' },
};
const hostName = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
const targets = args.has('--all') ? Object.keys(TARGETS) : (flag('--target')?.split(',') ?? [hostName]);
for (const t of targets) if (!TARGETS[t]) throw new Error(`Unknown target ${t}; known: ${Object.keys(TARGETS).join(', ')}.`);

// Loads an addon from the SEA's assets (written to a private temp folder, loaded, then unlinked),
// else from native/ beside the bundle or the executable. Callers fall back when it throws.
const LOADER = `
const fs = require('fs'), path = require('path'), os = require('os');
let sea; try { sea = require('node:sea'); } catch {}
function dlopen(file) { const m = { exports: {} }; process.dlopen(m, file); return m.exports; }
exports.load = function load(name) {
  const file = name + '.node';
  if (sea && sea.isSea()) {
    let data; try { data = sea.getAsset(file); } catch {}
    if (data) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coder-native-'));
      const p = path.join(dir, file);
      try { fs.writeFileSync(p, Buffer.from(data), { mode: 0o700 }); return dlopen(p); }
      finally { fs.rmSync(dir, { recursive: true, force: true }); }
    }
    throw new Error('The native addon ' + file + ' is not part of this build.');
  }
  const dirs = [path.join(__dirname, 'native'), path.join(path.dirname(process.execPath), 'native')];
  for (const d of dirs) if (fs.existsSync(path.join(d, file))) return dlopen(path.join(d, file));
  throw new Error('The native addon ' + file + ' is not available.');
};
`;

// The server and the provisioner daemon are not part of the binary (they need PostgreSQL,
// terraform and the dashboard beside them); their option tables are, so help stays complete.
const SERVER_ONLY = /^@warren\/(server|provisionerd)(\/.*)?$/;
const KEPT = new Set(['@warren/server/config/options', '@warren/provisionerd/remote/options']);
const SERVER_ONLY_MESSAGE =
  'This command runs the Warren server or a provisioner daemon, which this one-file binary does not carry (it holds the CLI and the workspace agent): run it from a Warren server installation (`warren server`).';

// The entry loads the CLI chunk from the SEA's assets, or from beside the bundle, as a CommonJS module.
const CLI_CHUNK = `
const Module = require('module'), path = require('path');
let sea; try { sea = require('node:sea'); } catch {}
if (sea && sea.isSea()) {
  const m = new Module(process.execPath, null);
  m.filename = process.execPath;
  m._compile(sea.getAsset('coder-cli.cjs', 'utf8'), path.join(path.dirname(process.execPath), 'coder-cli.cjs'));
  module.exports = m.exports;
} else {
  module.exports = require(path.join(__dirname, 'coder-cli.cjs'));
}
`;

const plugin = {
  name: 'coder-binary',
  setup(build) {
    build.onResolve({ filter: /^\.\/binary-cli$/ }, (a) => (a.importer.endsWith('binary.ts') && build.initialOptions.entryPoints[0].endsWith('binary.ts') ? { path: 'chunk', namespace: 'cli-chunk' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'cli-chunk' }, () => ({ contents: CLI_CHUNK, loader: 'js' }));
    build.onResolve({ filter: SERVER_ONLY }, (a) => (KEPT.has(a.path) ? undefined : { path: a.path, namespace: 'server-only' }));
    build.onLoad({ filter: /.*/, namespace: 'server-only' }, () => ({ contents: `throw new Error(${JSON.stringify(SERVER_ONLY_MESSAGE)});`, loader: 'js' }));
    // ssh2 probes cpu-features inside a try; a stub keeps the SEA's require from warning about it.
    build.onResolve({ filter: /^cpu-features$/ }, () => ({ path: 'cpu-features', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: "throw new Error('cpu-features is not part of this build.');", loader: 'js' }));
    build.onResolve({ filter: /^warren-native$/ }, () => ({ path: 'loader', namespace: 'warren-native' }));
    build.onLoad({ filter: /.*/, namespace: 'warren-native' }, () => ({ contents: LOADER, loader: 'js' }));
    build.onResolve({ filter: /sshcrypto\.node$/ }, () => ({ path: 'sshcrypto', namespace: 'addon' }));
    build.onLoad({ filter: /.*/, namespace: 'addon' }, (a) => ({ contents: `module.exports = require('warren-native').load(${JSON.stringify(a.path)});`, loader: 'js', resolveDir: here }));
    // @lydell/node-pty requires `@lydell/node-pty-<platform>-<arch>/<file>.node` through one function.
    build.onLoad({ filter: /@lydell[\\/]node-pty[\\/]requireBinary\.js$/ }, () => ({
      contents: "exports.requireBinary = (file) => require('warren-native').load(file.replace(/\\.node$/, ''));",
      loader: 'js',
      resolveDir: here,
    }));
    build.onLoad({ filter: /bufferutil[\\/]index\.js$/ }, (a) => ({
      contents: "try { module.exports = require('warren-native').load('bufferutil'); } catch (e) { module.exports = require('./fallback'); }",
      loader: 'js',
      resolveDir: path.dirname(a.path),
    }));
  },
};

const mb = (p) => `${(statSync(p).size / 1024 / 1024).toFixed(2)} MiB`;

/** An npm package's folder in the build cache, fetched with `npm pack` on first use. */
function cachedPackage(name, version) {
  const dir = path.join(cacheDir, `${name.replace('/', '+')}@${version}`);
  if (existsSync(path.join(dir, 'package.json'))) return dir;
  const tmp = `${dir}.${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  console.log(`fetching ${name}@${version} into ${cacheDir}`);
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp, `${name}@${version}`], { cwd: tmp, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(tmp, out), '-C', tmp, '--strip-components=1']);
  rmSync(path.join(tmp, out));
  rmSync(dir, { recursive: true, force: true });
  execFileSync('mv', [tmp, dir]);
  return dir;
}

/** The Node executable of a target: this one for the host, else Node's official build of this version. */
function nodeFor(name, { platform, arch, exe }) {
  if (name === hostName) return process.execPath;
  const pkg = cachedPackage(`node-${platform === 'win32' ? 'win' : platform}-${arch}`, process.version.slice(1));
  const file = path.join(pkg, 'bin', `node${exe}`);
  if (!existsSync(file)) throw new Error(`${file} is missing from Node's package for ${name}.`);
  return file;
}

/** The native addons of a target, by asset name; what a target lacks, the code falls back from. */
function addonsFor(name, { platform, arch }) {
  const found = {};
  const ptyPackage = `@lydell/node-pty-${platform}-${arch}`;
  let ptyDir;
  try {
    ptyDir = path.dirname(require.resolve(`${ptyPackage}/package.json`));
  } catch {
    if (platform !== 'win32') ptyDir = cachedPackage(ptyPackage, require('@lydell/node-pty/package.json').version);
  }
  // Windows terminals need conpty's helpers beside the addon; the agent is not built for Windows.
  if (ptyDir && platform !== 'win32') found['pty.node'] = path.join(ptyDir, 'pty.node');
  // ssh2's crypto addon is compiled on install, for the host only; ssh2 falls back to its JavaScript.
  if (name === hostName) found['sshcrypto.node'] = path.join(path.dirname(require.resolve('ssh2/package.json')), 'lib/protocol/crypto/build/Release/sshcrypto.node');
  found['bufferutil.node'] = path.join(path.dirname(require.resolve('bufferutil/package.json')), `prebuilds/${platform}-${arch}/bufferutil.node`);
  for (const [asset, file] of Object.entries(found)) if (!existsSync(file)) delete found[asset];
  return found;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'native'), { recursive: true });
const bundle = path.join(dist, 'coder.cjs');
const cliChunk = path.join(dist, 'coder-cli.cjs');
const started = Date.now();
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify, legalComments: 'none', external: ['*.node'], plugins: [plugin], logLevel: 'error' };
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(here, 'src/binary.ts')], outfile: bundle }),
  esbuild.build({ ...common, entryPoints: [path.join(here, 'src/binary-cli.ts')], outfile: cliChunk }),
]);
for (const [asset, file] of Object.entries(addonsFor(hostName, { platform: process.platform, arch: process.arch }))) copyFileSync(file, path.join(dist, 'native', asset));
console.log(`bundle  ${path.relative(process.cwd(), bundle)}  ${mb(bundle)}, CLI chunk ${mb(cliChunk)}  (${Date.now() - started} ms)`);

if (!args.has('--no-sea')) {
  // postject is a devDependency of packages/agent, installed at the root of node_modules.
  const postject = path.join(path.dirname(require.resolve('postject/package.json')), 'dist/cli.js');
  for (const name of targets) {
    const target = TARGETS[name];
    const began = Date.now();
    const blob = path.join(dist, `sea-${name}.blob`);
    const config = path.join(dist, `sea-${name}.json`);
    const exe = path.join(dist, `coder-${name}${target.exe}`);
    const assets = { ...addonsFor(name, target), 'coder-cli.cjs': cliChunk };
    writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: name === hostName && !args.has('--no-code-cache'), assets }, null, 2));
    // The blob is made by this Node for a target of the same version. The host's carries V8's code
    // cache of the bundle (it starts ~20 ms faster than compiling 1.8 MB of script: docs/performance.md);
    // a code cache is tied to the CPU architecture, so other targets compile at start.
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });
    copyFileSync(nodeFor(name, target), exe);
    chmodSync(exe, 0o755);
    // Symbols and debug sections are a tenth of Node's ELF binary; addons link against .dynsym, which stays.
    if (target.platform === 'linux' && !args.has('--no-strip')) stripIfPossible(exe, target);
    execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' });
    rmSync(blob);
    rmSync(config);
    console.log(`binary  ${path.relative(process.cwd(), exe)}  ${mb(exe)}  assets: ${Object.keys(assets).join(', ')}  (${Date.now() - began} ms)`);
  }
  const host = path.join(dist, `coder-${hostName}`);
  if (existsSync(host)) console.log(execFileSync(host, ['--version']).toString().trim());
}
console.log(`built: ${readdirSync(dist).filter((f) => f.startsWith('coder-') && !f.endsWith('.cjs')).join(', ')}`);

/** Strips an ELF binary with binutils' strip (the host's, or the cross one for arm64) when present. */
function stripIfPossible(file, { arch }) {
  const tools = arch === process.arch ? ['strip'] : ['aarch64-linux-gnu-strip', 'strip'];
  for (const tool of tools) {
    try {
      execFileSync(tool, [file], { stdio: 'ignore' });
      return;
    } catch {
      // Not installed, or not for this architecture: try the next one.
    }
  }
}
