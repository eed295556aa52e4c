import { describe, expect, it } from 'vitest';
import { mutateTags, tagProblem } from './tags';

describe('mutateTags', () => {
  it('gives untagged things organization scope', () => {
    expect(mutateTags('u1')).toEqual({ scope: 'organization', owner: '' });
    expect(mutateTags('u1', { os: 'linux' })).toEqual({ os: 'linux', scope: 'organization', owner: '' });
  });
  it('gives user scope to the user and resets unknown scopes', () => {
    expect(mutateTags('u1', { scope: 'user', owner: 'someone-else' })).toEqual({ scope: 'user', owner: 'u1' });
    expect(mutateTags('u1', { scope: 'galaxy', owner: 'x' })).toEqual({ scope: 'organization', owner: '' });
    expect(mutateTags(null, { scope: 'user' })).toEqual({ scope: 'user', owner: '00000000-0000-0000-0000-000000000000' });
  });
  it('merges left to right, ignoring later empty values for keys already set', () => {
    expect(mutateTags('u1', { os: 'linux', arch: 'amd64' }, { os: '', arch: 'arm64', gpu: '' })).toEqual({
      os: 'linux', arch: 'arm64', gpu: '', scope: 'organization', owner: '',
    });
  });
  it('reports NUL bytes', () => {
    expect(tagProblem({ a: 'b' })).toBeUndefined();
    expect(tagProblem({ a: 'b\0' })).toMatch(/NUL/);
  });
});
