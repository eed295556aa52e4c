import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.testkit.js';
import { TimingRecorder } from './timings.js';

/** A terraform `-json` hook message as terraform 1.x prints it. */
function hook(type: string, addr: string, at: string, extra: Record<string, unknown> = {}): string {
  const resource = { addr, module: '', resource: addr, implied_provider: addr.split('_')[0], resource_type: addr.split('.')[0], resource_name: addr.split('.')[1], resource_key: null };
  return JSON.stringify({ '@level': 'info', '@message': `${addr}: ...`, '@module': 'terraform.ui', '@timestamp': at, hook: { resource, ...extra }, type });
}

describe('build timings', () => {
  it('pairs apply start and complete messages by resource and action, using their timestamps', () => {
    const t = new TimingRecorder(new ManualClock());
    t.ingestLine('apply', hook('apply_start', 'coder_agent.main', '2026-01-01T10:00:00.100000Z', { action: 'create' }));
    t.ingestLine('apply', hook('apply_start', 'docker_container.ws', '2026-01-01T10:00:00.200000+01:00', { action: 'create' }));
    t.ingestLine('apply', hook('apply_progress', 'docker_container.ws', '2026-01-01T09:00:05Z', { action: 'create', elapsed_seconds: 5 }));
    t.ingestLine('apply', hook('apply_complete', 'coder_agent.main', '2026-01-01T10:00:00.150000Z', { action: 'create', id_key: 'id' }));
    t.ingestLine('apply', hook('apply_errored', 'docker_container.ws', '2026-01-01T09:00:07.200Z', { action: 'create' }));
    expect(t.timings()).toEqual([
      {
        stage: 'apply', source: 'coder', action: 'create', resource: 'coder_agent.main',
        start: new Date('2026-01-01T10:00:00.100Z'), end: new Date('2026-01-01T10:00:00.150Z'), state: 'completed',
      },
      {
        stage: 'apply', source: 'docker', action: 'create', resource: 'docker_container.ws',
        start: new Date('2026-01-01T09:00:00.200Z'), end: new Date('2026-01-01T09:00:07.200Z'), state: 'failed',
      },
    ].sort((a, b) => a.start.getTime() - b.start.getTime()));
  });

  it('names refreshes "state refresh", keeps stages apart, and ignores lines that are not resource events', () => {
    const t = new TimingRecorder(new ManualClock());
    t.ingestLine('plan', hook('refresh_start', 'terraform_data.a', '2026-01-01T10:00:00Z'));
    t.ingestLine('apply', hook('refresh_complete', 'terraform_data.a', '2026-01-01T10:00:01Z'));
    t.ingestLine('plan', hook('refresh_complete', 'terraform_data.a', '2026-01-01T10:00:02Z'));
    t.ingestLine('plan', '{"@level":"info","@message":"Terraform 1.11.4","type":"version"}');
    t.ingestLine('plan', 'plain text line');
    t.ingestLine('plan', '{"hook": broken json');
    t.ingestLine('plan', hook('apply_complete', 'terraform_data.never_started', '2026-01-01T10:00:03Z', { action: 'create' }));
    expect(t.timings()).toEqual([
      {
        stage: 'plan', source: 'terraform', action: 'state refresh', resource: 'terraform_data.a',
        start: new Date('2026-01-01T10:00:00Z'), end: new Date('2026-01-01T10:00:02Z'), state: 'completed',
      },
    ]);
  });

  it('measures whole stages with the clock and records a stage that throws as failed', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const t = new TimingRecorder(clock);
    await t.stage('init', async () => clock.advance(1500));
    await expect(t.stage('plan', async () => {
      clock.advance(200);
      throw new Error('plan failed');
    })).rejects.toThrow('plan failed');
    expect(t.timings()).toEqual([
      { stage: 'init', source: 'coder', action: 'terraform', resource: 'coder_stage_init', start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-01T00:00:01.500Z'), state: 'completed' },
      { stage: 'plan', source: 'coder', action: 'terraform', resource: 'coder_stage_plan', start: new Date('2026-01-01T00:00:01.500Z'), end: new Date('2026-01-01T00:00:01.700Z'), state: 'failed' },
    ]);
  });
});
