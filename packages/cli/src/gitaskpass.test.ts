import { describe, expect, it } from 'vitest';
import { isGitAskpass, parseAskpassPrompt } from './gitaskpass';

describe("git's askpass", () => {
  it('is recognised by the prompt git passes and the GIT_PREFIX git sets', () => {
    expect(isGitAskpass(["Username for 'https://github.com': "], { GIT_PREFIX: '' })).toBe(true);
    expect(isGitAskpass(["Password for 'https://x@github.com': "], { GIT_PREFIX: 'sub/' })).toBe(true);
    expect(isGitAskpass(["Username for 'https://github.com': "], {})).toBe(false);
    expect(isGitAskpass(['Username', 'for'], { GIT_PREFIX: '' })).toBe(false);
    expect(isGitAskpass(['list'], { GIT_PREFIX: '' })).toBe(false);
  });

  it('reads the URL, and the user a Password prompt names', () => {
    expect(parseAskpassPrompt("Username for 'https://github.com': ")).toEqual({ user: '', url: 'https://github.com' });
    expect(parseAskpassPrompt("Password for 'https://oauth2@gitlab.example:8443': ")).toEqual({ user: 'oauth2', url: 'https://gitlab.example:8443' });
    expect(() => parseAskpassPrompt("Username for 'ssh://github.com': ")).toThrow('unsupported scheme: "ssh"');
    expect(() => parseAskpassPrompt("Username for 'github.com': ")).toThrow('not a URL');
    expect(() => parseAskpassPrompt('Username for')).toThrow('askpass prompt must contain 3 words');
  });
});
