import { describe, expect, it } from 'vitest';
import { splitAgent } from '../agent-dial';
import { renderSection, replaceSection, SECTION_BEGIN, SECTION_END } from './config-ssh';
import { parsePortForwards, parsePortSpecs, parseRemoteForward } from '../port-specs';
import { parseEnv } from './ssh';

describe('warren ssh, config-ssh and port-forward arguments', () => {
  it('splits workspace and agent names', () => {
    expect(splitAgent('dev')).toEqual(['dev', undefined]);
    expect(splitAgent('dev.main')).toEqual(['dev', 'main']);
    expect(splitAgent('alice/dev.main')).toEqual(['alice/dev', 'main']);
  });

  it('parses --env', () => {
    expect(parseEnv(['A=1,B=2', 'C=x=y'])).toEqual({ A: '1', B: '2', C: 'x=y' });
    expect(() => parseEnv(['nope'])).toThrow(/key=value/);
  });

  it('parses --tcp and --udp as Coder does: ports, ranges, addresses and comma lists', () => {
    const tcp = (spec: string) => parsePortSpecs(spec, 'tcp').map(({ address, local, remote }) => ({ address, local, remote }));
    expect(tcp('8080')).toEqual([{ address: '127.0.0.1', local: 8080, remote: 8080 }]);
    expect(tcp('8080:80')).toEqual([{ address: '127.0.0.1', local: 8080, remote: 80 }]);
    expect(tcp('0.0.0.0:8080:80')).toEqual([{ address: '0.0.0.0', local: 8080, remote: 80 }]);
    expect(tcp('[::1]:8080:80')).toEqual([{ address: '::1', local: 8080, remote: 80 }]);
    expect(tcp('8000-8002')).toEqual([8000, 8001, 8002].map((p) => ({ address: '127.0.0.1', local: p, remote: p })));
    expect(tcp('127.0.0.1:9000-9001:9100-9101').map((s) => `${s.local}>${s.remote}`)).toEqual(['9000>9100', '9001>9101']);
    expect(tcp('8080,9000:3000').map((s) => `${s.local}>${s.remote}`)).toEqual(['8080>8080', '9000>3000']);
    expect(parsePortSpecs('5353:53', 'udp')).toEqual([{ network: 'udp', address: '127.0.0.1', local: 5353, remote: 53 }]);
    expect(() => tcp('70000:1')).toThrow(/not a port/);
    expect(() => tcp('a:b:c:d')).toThrow(/form/);
    expect(() => tcp('1-3:4-5')).toThrow(/same length/);
    expect(() => tcp('5-3')).toThrow(/ends before it starts/);
    expect(() => parsePortSpecs('300.1.1.1:80', 'udp')).toThrow(/--udp "300.1.1.1:80": "300.1.1.1" is not an IP address/);
    // The same local port twice is an error; the same number over TCP and UDP is not.
    expect(() => parsePortForwards(['8080', '8080:80'], [])).toThrow(/127.0.0.1:8080 is given twice/);
    expect(parsePortForwards(['9000'], ['9000']).map((s) => s.network)).toEqual(['tcp', 'udp']);
  });

  it('parses --remote-forward as Coder does', () => {
    expect(parseRemoteForward('8080:localhost:3000')).toEqual({ kind: 'tcp', remotePort: 8080, localHost: 'localhost', localPort: 3000 });
    expect(parseRemoteForward('8080:[::1]:3000')).toEqual({ kind: 'tcp', remotePort: 8080, localHost: '::1', localPort: 3000 });
    expect(parseRemoteForward('/run/user/1/gnupg/S.gpg-agent:/home/me/.gnupg/S.gpg-agent.extra')).toEqual({
      kind: 'unix',
      remoteSocket: '/run/user/1/gnupg/S.gpg-agent',
      localSocket: '/home/me/.gnupg/S.gpg-agent.extra',
    });
    expect(() => parseRemoteForward('8080')).toThrow(/remote_port:local_address:local_port/);
    expect(() => parseRemoteForward('relative.sock:/x.sock')).toThrow(/remote_port:local_address:local_port/);
    expect(() => parseRemoteForward('0:localhost:99999')).toThrow(/"0" is not a port/);
  });

  it('replaces its own section of the OpenSSH config and nothing else', () => {
    const section = renderSection([{ host: 'warren.dev', target: 'me/dev' }], ['/usr/bin/node', '/opt/warren app/warren.js']);
    expect(section).toContain('\tProxyCommand /usr/bin/node "/opt/warren app/warren.js" ssh --stdio me/dev');
    const user = 'Host other\n\tUser x\n';
    const once = replaceSection(user, section);
    expect(once).toBe(`${user}\n${section}\n`);
    expect(replaceSection(once, section)).toBe(once);
    const changed = replaceSection(`${once}Host after\n`, renderSection([], ['warren']));
    expect(changed).toBe(`${user}\n${renderSection([], ['warren'])}\nHost after\n`);
    expect(() => replaceSection(`${SECTION_BEGIN}\n`, section)).toThrow(/end line/);
    expect(replaceSection('', section)).toBe(`${section}\n`);
    expect(section.endsWith(SECTION_END)).toBe(true);
  });
});
