// Plugin-process mode: terraform starts this process (as terraform-provider-<name>) and they
// handshake the go-plugin way: check the magic cookie, pick protocol 6, listen on a unix socket,
// print `1|6|unix|<socket>|grpc|<server cert>` as the first stdout line, and exit on Shutdown.
// With PLUGIN_CLIENT_CERT set (AutoMTLS, the default) the server presents a fresh self-signed
// certificate and accepts only terraform's client certificate. Logs go to stderr as hclog JSON.
import { ServerCredentials } from '@grpc/grpc-js';
import { createSelfSignedCertificate } from './certificate.js';
import { startPluginServer } from './goplugin.js';
import type { ProviderDefinition } from './provider.js';
import type { BlockSchema } from './schema.js';

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const PROTOCOL_VERSION = '6';

export interface PluginProcessIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  exit(code: number): void;
}

const processIo: PluginProcessIo = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
};

/** A log line go-plugin forwards into terraform's log; its timestamp needs microseconds. */
function hclogLine(level: 'debug' | 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): string {
  const timestamp = new Date().toISOString().replace(/Z$/, '000Z');
  return `${JSON.stringify({ '@level': level, '@message': message, '@timestamp': timestamp, ...fields })}\n`;
}

/** Serves `definition` to the terraform that started this process; resolves once it is serving. */
export async function servePluginProcess<P>(definition: ProviderDefinition<BlockSchema, P>, io: PluginProcessIo = processIo): Promise<void> {
  if (io.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    io.stderr.write('This binary is a plugin. These are not meant to be executed directly.\n'
      + 'Please execute the program that consumes these plugins, which will load any plugins automatically.\n');
    return io.exit(1);
  }
  const offered = (io.env.PLUGIN_PROTOCOL_VERSIONS ?? PROTOCOL_VERSION).split(',').map((version) => version.trim());
  if (!offered.includes(PROTOCOL_VERSION)) {
    io.stderr.write(hclogLine('error', 'terraform does not offer plugin protocol 6', { offered: offered.join(',') }));
    return io.exit(1);
  }

  const clientCert = io.env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? createSelfSignedCertificate() : undefined;
  const credentials = clientCert && certificate
    ? ServerCredentials.createSsl(Buffer.from(clientCert), [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }], true)
    : ServerCredentials.createInsecure();

  // ^C reaches the whole process group; terraform answers it with StopProvider and Shutdown.
  process.on('SIGINT', () => {});
  const server = await startPluginServer(definition, credentials, {
    socketDir: io.env.PLUGIN_UNIX_SOCKET_DIR || undefined,
    onShutdown: () => {
      void server.close().finally(() => io.exit(0));
    },
  });
  const cert = certificate ? certificate.der.toString('base64').replace(/=+$/, '') : '';
  io.stdout.write(`1|${PROTOCOL_VERSION}|unix|${server.socketPath}|grpc|${cert}\n`);
  io.stderr.write(hclogLine('debug', 'plugin serving', { address: server.socketPath, tls: Boolean(certificate) }));
}
