import net from 'node:net';
import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withMember, withOwner, type TestServer } from '../../../../test/support/server';
import { createProvisionerDaemonApi, type ServerProvisionerDaemonApi } from '../jobs/daemon-api';

let server: TestServer;
let owner: Client;
let member: Client;
let organizationId: string;

beforeAll(async () => {
  server = await startTestServer();
  const o = await withOwner(server);
  owner = o.client;
  organizationId = o.organizationId;
  member = await withMember(server, owner);
});
afterAll(() => server.close());

describe('GET /api/v2/debug/health', () => {
  it('reports the database with its latency, the access URL, the WebSocket echo and the sections Coder has', async () => {
    const report = await owner.debugHealth(true);
    expect(report.coder_version).toBe(server.ctx.version);
    expect(report.database).toMatchObject({ reachable: true, severity: 'ok', threshold_ms: 15, dismissed: false });
    expect(report.database.latency).toMatch(/^[\d.]+(µs|ms|s)$/);
    expect(report.access_url).toMatchObject({ reachable: true, status_code: 200, healthz_response: 'OK', severity: 'ok' });
    expect(report.access_url.access_url).toBe(server.accessUrl.toString());
    expect(report.websocket).toMatchObject({ severity: 'ok', code: 101 });
    expect(report.workspace_proxy).toMatchObject({ severity: 'ok', workspace_proxies: { regions: [] } });
    expect(report.derp.severity).toBe('ok');
    // No daemon runs on this server: Coder's EPD01, an error, so the report is unhealthy.
    expect(report.provisioner_daemons.error).toMatch(/^EPD01: /);
    expect(report).toMatchObject({ severity: 'error', healthy: false });
  });

  it('lists recently seen daemons with their version and last seen, warning about a version other than the server\'s', async () => {
    const daemons: ServerProvisionerDaemonApi[] = [];
    try {
      daemons.push(await createProvisionerDaemonApi(server.ctx, { organizationId, name: 'same-version' }));
      daemons.push(await createProvisionerDaemonApi(server.ctx, { organizationId, name: 'old-version', version: 'v0.0.1' }));
      const report = await owner.debugHealth(true);
      const byName = new Map(report.provisioner_daemons.items.map((i) => [i.provisioner_daemon.name, i]));
      expect(byName.get('same-version')?.warnings).toEqual([]);
      expect(byName.get('same-version')?.provisioner_daemon).toMatchObject({ version: server.ctx.version, api_version: '1.4' });
      expect(byName.get('same-version')?.provisioner_daemon.last_seen_at).toBeTruthy();
      expect(byName.get('old-version')?.warnings.map((w) => w.code)).toEqual(['EPD02']);
      expect(report.provisioner_daemons.severity).toBe('warning');
      expect(report).toMatchObject({ severity: 'warning', healthy: true });
    } finally {
      for (const d of daemons) await d.close();
      await server.ctx.db.query('DELETE FROM provisioner_daemons');
    }
  });

  it('answers the cached report until forced', async () => {
    const first = await owner.debugHealth(true);
    const cached = await owner.debugHealth();
    expect(cached.time).toBe(first.time);
    await new Promise((r) => setTimeout(r, 5));
    const forced = await owner.debugHealth(true);
    expect(forced.time > first.time).toBe(true);
  });

  it('is for owners only: a member is answered 404, as for any resource they cannot see', async () => {
    expect((await apiErrorOf(member.debugHealth())).status).toBe(404);
    expect((await apiErrorOf(member.healthSettings())).status).toBe(404);
    expect((await apiErrorOf(member.updateHealthSettings({ dismissed_healthchecks: ['DERP'] }))).status).toBe(404);
    expect((await owner.healthSettings()).dismissed_healthchecks).toEqual([]);
  });
});

describe('health settings', () => {
  it('stores dismissed sections, which are marked and no longer counted', async () => {
    expect(await owner.updateHealthSettings({ dismissed_healthchecks: ['ProvisionerDaemons'] })).toEqual({ dismissed_healthchecks: ['ProvisionerDaemons'] });
    // The same settings again change nothing: Coder's 204.
    expect(await owner.updateHealthSettings({ dismissed_healthchecks: ['ProvisionerDaemons'] })).toBeUndefined();
    expect(await owner.healthSettings()).toEqual({ dismissed_healthchecks: ['ProvisionerDaemons'] });
    const report = await owner.debugHealth();
    expect(report.provisioner_daemons).toMatchObject({ dismissed: true, severity: 'error' });
    expect(report.database.dismissed).toBe(false);
    expect(report).toMatchObject({ severity: 'ok', healthy: true });

    await owner.updateHealthSettings({ dismissed_healthchecks: [] });
    expect((await owner.debugHealth()).severity).toBe('error');
  });

  it('refuses a section Coder does not have, naming the field', async () => {
    const err = await apiErrorOf(owner.updateHealthSettings({ dismissed_healthchecks: ['Bogus' as 'DERP'] }));
    expect(err.status).toBe(400);
    expect(err.response.validations?.[0]?.field).toBe('dismissed_healthchecks.0');
  });
});

describe('a check that hangs', () => {
  it('costs its own section, not the report: the access URL points at a listener that never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const hung = await startTestServer({ flags: { 'access-url': `http://127.0.0.1:${port}` } });
    try {
      const client = (await withOwner(hung)).client;
      const report = await client.debugHealth(true);
      expect(report.access_url).toMatchObject({ reachable: false, severity: 'error' });
      expect(report.access_url.error).toMatch(/did not finish within 5 s/);
      expect(report.websocket.severity).toBe('error');
      expect(report.database).toMatchObject({ reachable: true, severity: 'ok' });
    } finally {
      await hung.close();
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
