import { ApiError, FEATURE_NAMES, type Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

const PSK = 'psk-that-must-never-be-shown-0123456789';

let server: TestServer;
let owner: Client;
let member: Client;
let auditor: Client;
let memberId: string;

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof ApiError) return err.status;
    throw err;
  }
}

async function login(username: string, password: string): Promise<Client> {
  const { session_token } = await server.client().login(username, password);
  return server.client(session_token);
}

beforeAll(async () => {
  server = await startTestServer({ flags: { 'provisioner-daemon-psk': PSK } });
  owner = (await withOwner(server)).client;
  memberId = (await owner.createUser({ email: 'm@example.com', username: 'member', password: 'M3mber-has-a-long-pass' })).id;
  member = await login('member', 'M3mber-has-a-long-pass');
  const a = await owner.createUser({ email: 'a@example.com', username: 'auditor', password: 'Aud1tor-has-a-long-pass' });
  await owner.updateUserRoles(a.id, ['auditor']);
  auditor = await login('auditor', 'Aud1tor-has-a-long-pass');
});
afterAll(() => server.close());

describe('boot routes', () => {
  it('lists every Coder feature, entitled only where Warren provides it', async () => {
    const e = await member.entitlements();
    expect(Object.keys(e.features).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(e.features.external_provisioner_daemons).toEqual({ entitlement: 'entitled', enabled: true });
    for (const name of FEATURE_NAMES.filter((n) => n !== 'external_provisioner_daemons')) {
      expect(e.features[name]).toEqual({ entitlement: 'not_entitled', enabled: false });
    }
    expect(e).toMatchObject({ warnings: [], errors: [], has_license: false, trial: false, require_telemetry: false });
    expect(Number.isNaN(Date.parse(e.refreshed_at))).toBe(false);
    expect(await status(server.client().entitlements())).toBe(401);
  });

  it('serves the appearance to anyone and refuses to change it without the premium feature', async () => {
    const appearance = await server.client().appearance();
    expect(appearance).toMatchObject({ application_name: '', logo_url: '', service_banner: { enabled: false }, announcement_banners: [] });
    const refused = await owner.updateAppearance({ application_name: 'Acme', logo_url: '' }).catch((e: ApiError) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);
    expect((refused as ApiError).response.message).toBe('Appearance is a Premium feature. Contact sales!');
    expect(await status(member.updateAppearance({ application_name: 'Acme', logo_url: '' }))).toBe(403);
    expect(await status(owner.raw('PUT', '/api/v2/appearance', { application_name: 42 }).then(async (r) => {
      if (!r.ok) throw new ApiError(r.status, (await r.json()) as { message: string });
    }))).toBe(400);
  });

  it('answers experiments, the update check and the SSH settings', async () => {
    expect(await member.experiments()).toEqual([]);
    expect(await member.availableExperiments()).toEqual({ safe: [] });
    const info = await server.client().buildInfo();
    expect(await server.client().updateCheck()).toEqual({ current: true, version: info.version, url: '' });
    expect(await member.deploymentSSHConfig()).toEqual({ hostname_prefix: 'coder.', hostname_suffix: 'coder', ssh_config_options: {} });
    const { regions } = await member.regions();
    expect(regions).toEqual([expect.objectContaining({ id: info.deployment_id, name: 'primary', healthy: true, path_app_url: server.accessUrl.toString().replace(/\/$/, '') })]);
    expect(await member.appHost()).toEqual({ host: '' });
    expect(await member.systemNotificationTemplates()).toEqual([]);
    expect(await member.notificationDispatchMethods()).toEqual({ available: [], default: '' });
  });

  it('shows the option table to owners and auditors with every secret withheld', async () => {
    expect(await status(member.deploymentConfig())).toBe(403);
    const res = await owner.raw('GET', '/api/v2/deployment/config');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(PSK);
    expect(text).not.toContain('postgres://');
    const { config, options } = JSON.parse(text) as Awaited<ReturnType<Client['deploymentConfig']>>;
    expect(config.access_url).toBe(server.accessUrl.toString().replace(/\/$/, ''));
    expect(config.session_lifetime).toMatchObject({ default_duration: 24 * 3600 * 1e9 });
    expect(config.provisioner).toMatchObject({ daemons: 0 });
    expect(config.provisioner).not.toHaveProperty('daemon_psk');
    expect(config).not.toHaveProperty('pg_connection_url');
    const psk = options.find((o) => o.flag === 'provisioner-daemon-psk')!;
    expect(psk).toMatchObject({ env: 'CODER_PROVISIONER_DAEMON_PSK', value: null, annotations: { secret: 'true' } });
    expect(options.find((o) => o.flag === 'postgres-url')).toMatchObject({ name: 'Postgres URL', value: null, annotations: { secret: 'true' } });
    expect(options.find((o) => o.flag === 'session-duration')).toMatchObject({ value: 24 * 3600 * 1e9, value_source: 'default', annotations: { format_duration: 'true' } });
    expect((await auditor.deploymentConfig()).options.length).toBe(options.length);
  });

  it('counts workspaces and sessions for owners and auditors only', async () => {
    const stats = await auditor.deploymentStats();
    expect(stats.workspaces).toMatchObject({ pending: 0, building: 0, running: 0, failed: 0, stopped: 0, rx_bytes: 0, tx_bytes: 0 });
    expect(stats.session_count).toEqual({ vscode: 0, ssh: 0, jetbrains: 0, reconnecting_pty: 0 });
    expect(Date.parse(stats.collected_at)).toBeGreaterThan(Date.parse(stats.aggregated_from));
    expect(await status(member.deploymentStats())).toBe(403);
  });
});

describe('user appearance', () => {
  it('stores the theme and terminal font per user', async () => {
    expect(await member.userAppearanceSettings()).toEqual({ theme_preference: '', terminal_font: '' });
    expect(await member.updateUserAppearanceSettings('me', { theme_preference: 'dark', terminal_font: 'fira-code' })).toEqual({
      theme_preference: 'dark',
      terminal_font: 'fira-code',
    });
    expect(await member.userAppearanceSettings('member')).toEqual({ theme_preference: 'dark', terminal_font: 'fira-code' });
    expect((await member.user()).theme_preference).toBe('dark');
    expect(await owner.userAppearanceSettings()).toEqual({ theme_preference: '', terminal_font: '' });
  });

  it('refuses unknown fonts, an empty theme, and other users for members', async () => {
    const bad = await member.raw('PUT', '/api/v2/users/me/appearance', { theme_preference: 'light', terminal_font: 'comic-sans' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { validations: Array<{ field: string }> }).validations[0]!.field).toBe('terminal_font');
    expect(await status(member.updateUserAppearanceSettings('me', { theme_preference: '' }))).toBe(400);
    expect(await status(member.updateUserAppearanceSettings('owner', { theme_preference: 'light' }))).toBe(404);
    expect(await status(auditor.updateUserAppearanceSettings('member', { theme_preference: 'light' }))).toBe(403);
    expect(await owner.updateUserAppearanceSettings(memberId, { theme_preference: 'light' })).toEqual({ theme_preference: 'light', terminal_font: '' });
  });
});
