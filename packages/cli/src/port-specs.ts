/**
 * Port specifications of `warren port-forward --tcp/--udp` (Coder's syntax) and
 * `warren ssh -R` (Coder's `remote_port:local_address:local_port` and `remote_socket:local_socket`).
 */
import net from 'node:net';
import { CliError } from './io';

export interface PortForward {
  network: 'tcp' | 'udp';
  /** Local address to listen on. */
  address: string;
  local: number;
  remote: number;
}

// 8000 | 8000:80 | 8000-8005 | 1-5:6-10 | 127.0.0.1:4000:4000 | [::1]:8080:8081 | 127.0.0.1:4000-4005
const SPEC = /^(?:(\[[0-9a-fA-F:]+\]|\d+\.\d+\.\d+\.\d+):)?(\d+)(?:-(\d+))?(?::(\d+)(?:-(\d+))?)?$/;

function port(text: string, spec: string, flag: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new CliError(`${flag} "${spec}": "${text}" is not a port (1-65535).`);
  return n;
}

function range(start: string, end: string | undefined, spec: string, flag: string): number[] {
  const first = port(start, spec, flag);
  const last = end === undefined ? first : port(end, spec, flag);
  if (last < first) throw new CliError(`${flag} "${spec}": the range ${start}-${end} ends before it starts.`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** One `--tcp` or `--udp` value, which may list several specs separated by commas. */
export function parsePortSpecs(value: string, network: 'tcp' | 'udp'): PortForward[] {
  const flag = `--${network}`;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((spec) => {
      const m = SPEC.exec(spec);
      if (!m) throw new CliError(`${flag} "${spec}" must have the form [address:]local[:remote], e.g. 8080:80, 9000-9005 or 127.0.0.1:8080:80.`);
      const address = m[1] ? m[1].replace(/^\[|\]$/g, '') : '127.0.0.1';
      if (!net.isIP(address)) throw new CliError(`${flag} "${spec}": "${address}" is not an IP address.`);
      const local = range(m[2]!, m[3], spec, flag);
      const remote = m[4] === undefined ? local : range(m[4], m[5], spec, flag);
      if (local.length !== remote.length) {
        throw new CliError(`${flag} "${spec}": port ranges must be the same length, got ${local.length} ports forwarded to ${remote.length} ports.`);
      }
      return local.map((l, i) => ({ network, address, local: l, remote: remote[i]! }));
    });
}

/** Every spec of every flag value; a local address and port given twice is an error, as in Coder. */
export function parsePortForwards(tcp: string[], udp: string[]): PortForward[] {
  const specs = [...tcp.flatMap((v) => parsePortSpecs(v, 'tcp')), ...udp.flatMap((v) => parsePortSpecs(v, 'udp'))];
  const seen = new Set<string>();
  for (const s of specs) {
    const key = `${s.network} ${s.address}:${s.local}`;
    if (seen.has(key)) throw new CliError(`The local ${s.network.toUpperCase()} address ${s.address}:${s.local} is given twice.`);
    seen.add(key);
  }
  return specs;
}

export type RemoteForward =
  | { kind: 'tcp'; remotePort: number; localHost: string; localPort: number }
  | { kind: 'unix'; remoteSocket: string; localSocket: string };

/**
 * `-R remote_port:local_address:local_port` (the workspace listens on its loopback port) or
 * `-R /remote/socket:/local/socket` (both absolute paths).
 */
export function parseRemoteForward(spec: string): RemoteForward {
  const tcp = /^(\d+):(.+):(\d+)$/.exec(spec);
  if (tcp) {
    const flag = '--remote-forward';
    const localHost = tcp[2]!.replace(/^\[(.*)\]$/, '$1');
    return { kind: 'tcp', remotePort: port(tcp[1]!, spec, flag), localHost, localPort: port(tcp[3]!, spec, flag) };
  }
  const unix = /^(\/[^:]+):(\/[^:]+)$/.exec(spec);
  if (unix) return { kind: 'unix', remoteSocket: unix[1]!, localSocket: unix[2]! };
  throw new CliError(`--remote-forward "${spec}" must have the form remote_port:local_address:local_port (e.g. 8080:localhost:3000) or /remote/socket:/local/socket.`);
}
