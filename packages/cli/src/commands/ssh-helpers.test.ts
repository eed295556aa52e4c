import { describe, expect, it } from 'vitest';
import { splitAgent } from '../agent-dial';
import { renderSection, replaceSection, SECTION_BEGIN, SECTION_END } from './config-ssh';
import { parseTcpSpec } from './port-forward';
import { parseEnv } from './ssh';

describe('warren ssh, config-ssh and port-forward arguments', () => {
  it('splits workspace and agent names', () => {
    expect(splitAgent('dev')).toEqual(['dev', undefined]);
    expect(splitAgent('dev.main')).toEqual(['dev', 'main']);
    expect(splitAgent('alice/dev.main')).toEqual(['alice/dev', 'main']);
  });

  it('parses --env and --tcp', () => {
    expect(parseEnv(['A=1,B=2', 'C=x=y'])).toEqual({ A: '1', B: '2', C: 'x=y' });
    expect(() => parseEnv(['nope'])).toThrow(/key=value/);
    expect(parseTcpSpec('8080')).toEqual({ address: '127.0.0.1', local: 8080, remote: 8080 });
    expect(parseTcpSpec('8080:80')).toEqual({ address: '127.0.0.1', local: 8080, remote: 80 });
    expect(parseTcpSpec('0.0.0.0:8080:80')).toEqual({ address: '0.0.0.0', local: 8080, remote: 80 });
    expect(() => parseTcpSpec('70000:1')).toThrow(/not a port/);
    expect(() => parseTcpSpec('a:b:c:d')).toThrow(/form/);
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
