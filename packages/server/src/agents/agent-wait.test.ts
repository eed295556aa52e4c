import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors';
import { isPendingAgent, untilAgentBuilt } from './agent-wait';

const pending = () => new ApiError('unauthorized', 'Workspace agent not authorized.', 'The agent cannot authenticate until the workspace provision job has been completed.');

/** A clock that the waits advance. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('holding the manifest request of an agent whose build has not completed', () => {
  it('answers as soon as the build has produced the agent', async () => {
    const c = clock();
    let calls = 0;
    const agent = await untilAgentBuilt(async () => {
      if (++calls < 5) throw pending();
      return 'agent';
    }, () => false, c);
    expect(agent).toBe('agent');
    expect(calls).toBe(5);
    expect(c.now()).toBe(80);
  });

  it('gives up after the time allowed, or at once for any other refusal', async () => {
    const c = clock();
    await expect(untilAgentBuilt(async () => { throw pending(); }, () => false, { ...c, timeoutMs: 1000 })).rejects.toSatisfy(isPendingAgent);
    expect(c.now()).toBeGreaterThanOrEqual(1000);
    let calls = 0;
    const other = new ApiError('unauthorized', 'Workspace agent not authorized.', 'Agent trying to authenticate from non-latest build.');
    await expect(untilAgentBuilt(async () => { calls++; throw other; }, () => false, clock())).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it('stops waiting when the client has left or no build is running', async () => {
    let calls = 0;
    await expect(untilAgentBuilt(async () => { calls++; throw pending(); }, () => calls >= 2, clock())).rejects.toSatisfy(isPendingAgent);
    expect(calls).toBe(2);
  });
});
