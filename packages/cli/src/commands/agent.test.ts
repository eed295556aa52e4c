import { describe, expect, it } from 'vitest';
import { runCli } from '../test-io';

describe('warren agent', () => {
  it('lists its options with their CODER_AGENT_* variables', async () => {
    const res = await runCli(['agent', '--help']);
    expect(res.stdout).toMatch(/--agent-url <value>[\s\S]*CODER_AGENT_URL/);
    expect(res.stdout).toContain('CODER_AGENT_TOKEN');
  });

  it('refuses to start without a token, with a sentence', async () => {
    const res = await runCli(['agent'], { CODER_AGENT_URL: 'http://127.0.0.1:9' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Set CODER_AGENT_TOKEN or CODER_AGENT_TOKEN_FILE to the agent token.');
  });
});
