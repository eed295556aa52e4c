import { describe, expect, it } from 'vitest';
import { normalizeWorkspaceInput, parseVscodeHost } from './workspace-input';

describe('normalizeWorkspaceInput', () => {
  it.each([
    ['dev', 'dev'],
    ['dev.main', 'dev.main'],
    ['alice/dev', 'alice/dev'],
    ['alice--dev', 'alice/dev'],
    ['alice/dev--main', 'alice/dev.main'],
    ['alice/dev.main', 'alice/dev.main'],
    ['alice--dev--main', 'alice/dev.main'],
    ['alice--dev.main', 'alice/dev.main'],
    ['a--b--c--d', 'a--b--c--d'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeWorkspaceInput(input)).toBe(expected);
  });
});

describe('parseVscodeHost', () => {
  it('reads owner, workspace and the optional agent', () => {
    expect(parseVscodeHost('coder-vscode--alice--dev')).toBe('alice/dev');
    expect(parseVscodeHost('coder-vscode.example.com--alice--dev--main')).toBe('alice/dev.main');
  });
  it('refuses host names without an owner and a workspace', () => {
    expect(parseVscodeHost('coder-vscode--alice')).toBeUndefined();
    expect(parseVscodeHost('dev')).toBeUndefined();
    expect(parseVscodeHost('coder-vscode----dev')).toBeUndefined();
  });
});
