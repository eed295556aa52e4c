import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listeningEntries, listeningPorts, parseProcNetTcp } from './ports';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0000000000000000 100 0 0 10 0
   2: 0100007F:0007 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1 0000000000000000 100 0 0 10 0
   3: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 3333 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 6666 1 0000000000000000 100 0 0 10 0
`;

describe('/proc/net/tcp parsing', () => {
  it('reads ports, states and inodes', () => {
    const entries = parseProcNetTcp(TCP);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({ localAddress: '0100007F', port: 8080, state: '0A', inode: '4242' });
    expect(entries[3]!.state).toBe('01');
  });

  it('keeps LISTEN sockets on ports ≥ 9, each port once across tcp and tcp6', () => {
    const listening = listeningEntries([...parseProcNetTcp(TCP), ...parseProcNetTcp(TCP6)]);
    expect(listening.map((e) => e.port)).toEqual([8080, 22, 3000]);
  });

  it('ignores blank and malformed lines', () => {
    expect(parseProcNetTcp('header\n\n  garbage line\n')).toEqual([]);
    expect(parseProcNetTcp('')).toEqual([]);
  });

  it('names the owning process from a /proc tree', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'warren-proc-'));
    mkdirSync(path.join(root, 'net'));
    writeFileSync(path.join(root, 'net/tcp'), TCP);
    writeFileSync(path.join(root, 'net/tcp6'), TCP6);
    mkdirSync(path.join(root, '123/fd'), { recursive: true });
    writeFileSync(path.join(root, '123/comm'), 'node\n');
    symlinkSync('socket:[4242]', path.join(root, '123/fd/5'));
    symlinkSync('/dev/null', path.join(root, '123/fd/0'));
    expect(await listeningPorts(root)).toEqual([
      { process_name: '', network: 'tcp', port: 22 },
      { process_name: '', network: 'tcp', port: 3000 },
      { process_name: 'node', network: 'tcp', port: 8080 },
    ]);
  });

  it('finds a real listening socket of this process', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as AddressInfo).port;
      const found = (await listeningPorts()).find((p) => p.port === port);
      expect(found).toMatchObject({ network: 'tcp', port });
      expect(found!.process_name).toMatch(/node|vitest/);
    } finally {
      srv.close();
    }
  });
});
