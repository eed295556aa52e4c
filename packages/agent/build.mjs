// Builds the one-file agent:
//   dist/coder-agent.cjs     one CommonJS bundle of src/main.ts (node dist/coder-agent.cjs agent)
//   dist/native/*.node       the native addons beside it (node-pty, ssh2's crypto, bufferutil)
//   dist/coder-linux-amd64   a Node single executable application (SEA) embedding the bundle and
//                            the addons as assets; it needs no node and no node_modules on the host.
// Usage: node build.mjs [--no-sea] [--no-minify] [--out-dir <dir>]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const outDir = argv.indexOf('--out-dir');
// Another folder leaves the binary the server serves (dist/) alone, e.g. to measure a change.
const dist = outDir >= 0 ? path.resolve(argv[outDir + 1]) : path.join(here, 'dist');
const require = createRequire(import.meta.url);
const args = new Set(argv);
const minify = !args.has('--no-minify');

/** Native addons the agent can use, by the name the loader asks for. */
const ADDONS = {
  // @lydell/node-pty keeps its prebuilt addon in a package per platform.
  pty: path.join(path.dirname(require.resolve(`@lydell/node-pty-${process.platform}-${process.arch}/package.json`)), 'pty.node'),
  sshcrypto: path.join(path.dirname(require.resolve('ssh2/package.json')), 'lib/protocol/crypto/build/Release/sshcrypto.node'),
  bufferutil: path.join(path.dirname(require.resolve('bufferutil/package.json')), `prebuilds/${process.platform}-${process.arch}/bufferutil.node`),
};

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
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coder-agent-'));
      const p = path.join(dir, file);
      try { fs.writeFileSync(p, Buffer.from(data), { mode: 0o700 }); return dlopen(p); }
      finally { fs.rmSync(dir, { recursive: true, force: true }); }
    }
  }
  const dirs = [path.join(__dirname, 'native'), path.join(path.dirname(process.execPath), 'native')];
  for (const d of dirs) if (fs.existsSync(path.join(d, file))) return dlopen(path.join(d, file));
  throw new Error('The native addon ' + file + ' is not available.');
};
`;

const nativePlugin = {
  name: 'native-addons',
  setup(build) {
    // ssh2 probes cpu-features inside a try; a stub keeps the SEA's require from warning about it.
    build.onResolve({ filter: /^cpu-features$/ }, () => ({ path: 'cpu-features', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: "throw new Error('cpu-features is not part of the agent build.');", loader: 'js' }));
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

rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'native'), { recursive: true });
const bundle = path.join(dist, 'coder-agent.cjs');
const started = Date.now();
await esbuild.build({
  entryPoints: [path.join(here, 'src/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify,
  legalComments: 'none',
  external: ['*.node'],
  plugins: [nativePlugin],
  logLevel: 'warning',
});
const assets = {};
for (const [name, file] of Object.entries(ADDONS)) {
  if (!existsSync(file)) {
    console.warn(`native addon ${name} not found at ${file}; the agent falls back without it`);
    continue;
  }
  copyFileSync(file, path.join(dist, 'native', `${name}.node`));
  assets[`${name}.node`] = file;
}
console.log(`bundle  ${path.relative(process.cwd(), bundle)}  ${mb(bundle)}  (${Date.now() - started} ms)`);

if (!args.has('--no-sea')) {
  const blob = path.join(dist, 'sea-prep.blob');
  const exe = path.join(dist, `coder-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`);
  const config = path.join(dist, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, assets }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  const postject = path.join(path.dirname(require.resolve('postject/package.json')), 'dist/cli.js');
  execFileSync(process.execPath, [postject, exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'inherit' });
  rmSync(blob);
  console.log(`binary  ${path.relative(process.cwd(), exe)}  ${mb(exe)}`);
  console.log(execFileSync(exe, ['--version']).toString().trim());
}
