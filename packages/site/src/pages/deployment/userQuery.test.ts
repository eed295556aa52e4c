import { describe, expect, it } from 'vitest';
import { statusOf, withStatus } from './userQuery';

describe('user search terms', () => {
  it('reads and replaces the status term, keeping the rest of the search', () => {
    expect(statusOf('alice status:suspended')).toBe('suspended');
    expect(statusOf('alice')).toBe('');
    expect(withStatus('alice status:suspended', 'active')).toBe('status:active alice');
    expect(withStatus('status:active role:owner bob', '')).toBe('role:owner bob');
    expect(withStatus('', 'dormant')).toBe('status:dormant');
    expect(withStatus('mystatus:x', 'active')).toBe('status:active mystatus:x');
  });
});
