import { describe, expect, it } from 'vitest';
import { daemonFixture, jobFixture } from '../fixtures';
import { pendingReason, pendingSentence } from './pending-reason';

const ORG = { scope: 'organization', owner: '' };
const onPrem = daemonFixture({ name: 'a', tags: { ...ORG, environment: 'on_prem' } });
const chicago = daemonFixture({ name: 'b', tags: { ...ORG, datacenter: 'chicago' } });

describe('pendingReason', () => {
  it('names the tags that no connected daemon has', () => {
    const job = jobFixture({ id: 'j', tags: { ...ORG, environment: 'on_prem', region: 'mars' } });
    const reason = pendingReason(job, [onPrem, daemonFixture({ name: 'gone', status: 'offline', tags: { ...ORG, region: 'mars' } })]);
    expect(reason).toEqual({ kind: 'unmatched-tags', tags: ['region=mars'] });
    expect(pendingSentence(reason!, () => '')).toBe('No connected provisioner has the tag region=mars.');
  });

  it('tells a waiting turn, offline matches, no daemons, untagged jobs and tags split over daemons apart', () => {
    expect(pendingReason(jobFixture({ id: 'j', matched_provisioners: { count: 1, available: 1 } }), [])).toEqual({ kind: 'queued' });
    expect(pendingReason(jobFixture({ id: 'j', matched_provisioners: { count: 2, available: 0, most_recently_seen: 'x' } }), [])).toEqual({ kind: 'offline', lastSeen: 'x' });
    expect(pendingReason(jobFixture({ id: 'j' }), [daemonFixture({ name: 'z', status: 'offline' })])).toEqual({ kind: 'no-daemons' });
    expect(pendingReason(jobFixture({ id: 'j', tags: ORG }), [onPrem])).toEqual({ kind: 'untagged' });
    const both = jobFixture({ id: 'j', tags: { ...ORG, environment: 'on_prem', datacenter: 'chicago' } });
    expect(pendingReason(both, [onPrem, chicago])).toMatchObject({ kind: 'split' });
    expect(pendingReason(jobFixture({ id: 'j', status: 'running' }), [])).toBeUndefined();
  });
});
