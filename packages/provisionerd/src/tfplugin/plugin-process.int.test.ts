import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { credentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from './certificate.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from './plugin-process.js';
import { GRPCControllerClient } from './proto/goplugin.js';
import { HealthCheckResponse_ServingStatus, HealthClient } from './proto/health.js';
import { ProviderClient } from './proto/tfplugin6.js';
import { EXAMPLE_ADDRESS } from './testing/example-provider.js';
import { terraform, writeCliConfig } from './testing/terraform.js';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'testing/example-plugin-main.ts');
const packageDir = join(here, '../..');

type PluginChild = ChildProcessByStdio<null, Readable, Readable>;
const children: PluginChild[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startPlugin(env: Record<string, string>): PluginChild {
  const { [MAGIC_COOKIE_KEY]: _cookie, PLUGIN_CLIENT_CERT: _cert, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: packageDir, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

const exited = (child: PluginChild) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));

function firstLine(child: PluginChild): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('\n')) resolve(buffered.slice(0, buffered.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`plugin exited with ${code} before its handshake`)));
  });
}

const call = <T>(invoke: (callback: (error: Error | null, response: T) => void) => void) =>
  new Promise<T>((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));

describe('the plugin process handshake', () => {
  it('refuses to run without the magic cookie', async () => {
    const child = startPlugin({});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exited(child)).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('This binary is a plugin');
  });

  it('refuses a host that does not offer protocol 6', async () => {
    const child = startPlugin({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' });
    expect(await exited(child)).toBe(1);
  });

  it('serves over mutual TLS with the client certificate terraform passes, and exits on Shutdown', async () => {
    const client = createSelfSignedCertificate();
    const child = startPlugin({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6,5', PLUGIN_CLIENT_CERT: client.certPem });
    const [core, protocol, network, socket, kind, cert, ...rest] = (await firstLine(child)).split('|');
    expect([core, protocol, network, kind, rest]).toEqual(['1', '6', 'unix', 'grpc', []]);
    expect(cert).toMatch(/^[A-Za-z0-9+/]{51,}$/); // raw base64: no padding
    const serverCert = new X509Certificate(Buffer.from(cert!, 'base64'));
    expect(serverCert.checkHost('localhost')).toBe('localhost');

    const options = { 'grpc.ssl_target_name_override': 'localhost' };
    const tls = credentials.createSsl(Buffer.from(serverCert.toString()), Buffer.from(client.keyPem), Buffer.from(client.certPem));
    const provider = new ProviderClient(`unix://${socket}`, tls, options);
    const schema = await call<{ resourceSchemas?: Record<string, unknown> }>((done) => provider.getProviderSchema({}, done));
    expect(Object.keys(schema.resourceSchemas ?? {})).toContain('example_thing');
    const health = await call<{ status?: number }>((done) => new HealthClient(`unix://${socket}`, tls, options).check({ service: 'plugin' }, done));
    expect(health.status).toBe(HealthCheckResponse_ServingStatus.SERVING);

    const stranger = createSelfSignedCertificate();
    const untrusted = credentials.createSsl(Buffer.from(serverCert.toString()), Buffer.from(stranger.keyPem), Buffer.from(stranger.certPem));
    const refused = call((done) => new ProviderClient(`unix://${socket}`, untrusted, options).getProviderSchema({}, done));
    await expect(refused).rejects.toThrow();

    await call((done) => new GRPCControllerClient(`unix://${socket}`, tls, options).shutdown({}, done));
    expect(await exited(child)).toBe(0);
  });

  it('serves plaintext when terraform has plugin TLS turned off', async () => {
    const child = startPlugin({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' });
    const [, , , socket, , cert] = (await firstLine(child)).split('|');
    expect(cert).toBe('');
    const provider = new ProviderClient(`unix://${socket}`, credentials.createInsecure());
    const schema = await call<{ dataSourceSchemas?: Record<string, unknown> }>((done) => provider.getProviderSchema({}, done));
    expect(Object.keys(schema.dataSourceSchemas ?? {})).toEqual(['example_info']);
    await call((done) => new GRPCControllerClient(`unix://${socket}`, credentials.createInsecure()).shutdown({}, done));
    expect(await exited(child)).toBe(0);
  });
});

describe('terraform starting the provider from a filesystem mirror', () => {
  it('handshakes with AutoMTLS and applies', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfplugin-mirror-'));
    try {
      const packagePath = join(dir, 'mirror', EXAMPLE_ADDRESS, '1.0.0', `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`);
      await mkdir(packagePath, { recursive: true });
      const executable = join(packagePath, 'terraform-provider-example');
      await writeFile(executable, `#!/bin/sh\ncd '${packageDir}' && exec '${process.execPath}' --import tsx '${entry}'\n`);
      await chmod(executable, 0o755);
      await writeCliConfig(dir, `provider_installation {\n  filesystem_mirror {\n    path    = "${join(dir, 'mirror')}"\n    include = ["${EXAMPLE_ADDRESS}"]\n  }\n}\n`);
      await writeFile(join(dir, 'main.tf'), `
terraform {
  required_providers {
    example = { source = "warren/example" }
  }
}
data "example_info" "me" {
  name = "bob"
}
resource "example_thing" "a" {
  name = data.example_info.me.id
}
`);
      const env = { TF_REATTACH_PROVIDERS: '' };
      for (const args of [['init'], ['apply', '-auto-approve']]) {
        const result = await terraform(dir, args, env);
        expect(result.stderr, `terraform ${args[0]}`).toBe('');
        expect(result.code).toBe(0);
      }
      const state = JSON.parse((await terraform(dir, ['show', '-json'], env)).stdout);
      const values = state.values.root_module.resources.map((resource: { values: unknown }) => resource.values);
      expect(values).toEqual(expect.arrayContaining([expect.objectContaining({ greeting: 'hello, bob' }), expect.objectContaining({ name: 'bob' })]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
