/**
 * A bare TCP relay in its own process, for bench/app-proxy's ceiling: each connection it accepts is
 * joined to a new connection to the target port with the agent's copy-free relay
 * (`@warren/node-kit/socket-relay`), and nothing else: no HTTP, no authorization. Prints its port,
 * then relays until it is killed.
 *   node --import tsx bench/peers/byte-relay.ts <target-port>
 */
import net from 'node:net';
import { connectRelaySource, joinRelayed } from '@warren/node-kit/socket-relay';

const target = Number(process.argv[2]);
const server = net.createServer((client) => joinRelayed(connectRelaySource(target, '127.0.0.1', 1 << 20), client));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as net.AddressInfo).port}\n`));
