import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HealthcheckReport } from '@warren/sdk/health';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { HealthPageView, type HealthPageViewProps } from './HealthPageView';

const base = { warnings: [], dismissed: false, healthy: true, severity: 'ok' as const };

function report(over: Partial<HealthcheckReport> = {}): HealthcheckReport {
  return {
    time: new Date().toISOString(),
    healthy: false,
    severity: 'error',
    coder_version: 'v0.1.0+warren',
    derp: { ...base, regions: {}, netcheck_logs: [] },
    access_url: { ...base, access_url: 'https://warren.example.com/', reachable: true, status_code: 200, healthz_response: 'OK' },
    websocket: { ...base, body: '', code: 101 },
    database: { ...base, severity: 'warning', warnings: [{ code: 'EDB02', message: 'Median database ping 20ms is above the 15ms threshold.' }], reachable: true, latency: '20.1ms', latency_ms: 20, threshold_ms: 15 },
    workspace_proxy: { ...base, workspace_proxies: { regions: [] } },
    provisioner_daemons: {
      ...base,
      severity: 'error',
      healthy: false,
      error: 'EPD01: No active provisioner daemons found!',
      items: [],
    },
    ...over,
  };
}

const props = (over: Partial<HealthPageViewProps> = {}): HealthPageViewProps => ({
  report: report(),
  refreshing: false,
  onRefresh: vi.fn(),
  onDismissChange: vi.fn(),
  ...over,
});

const section = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });

describe('HealthPageView', () => {
  it('shows every section of the report with its severity, its messages and its figures', () => {
    renderView(<HealthPageView {...props()} />);
    expect(screen.getAllByRole('region').map((r) => within(r).getByRole('heading').textContent)).toEqual([
      'Access URL Healthy',
      'Database Warning',
      'WebSocket Healthy',
      'DERP Healthy',
      'Workspace Proxy Healthy',
      'Provisioner Daemons Unhealthy',
    ]);
    expect(within(section('Database')).getByText('EDB02: Median database ping 20ms is above the 15ms threshold.')).toBeInTheDocument();
    expect(within(section('Database')).getByText('20.1ms')).toBeInTheDocument();
    expect(within(section('Access URL')).getByText('https://warren.example.com/')).toBeInTheDocument();
    expect(within(section('Provisioner Daemons')).getByText('EPD01: No active provisioner daemons found!')).toBeInTheDocument();
    expect(screen.getByText(/^Overall:/)).toHaveTextContent('Unhealthy');
  });

  it('lists the daemons with their version and last seen', () => {
    const daemon = { id: 'd1', name: 'builder-1', version: 'v0.0.1', api_version: '1.4', last_seen_at: new Date().toISOString() };
    renderView(
      <HealthPageView
        {...props({
          report: report({
            provisioner_daemons: {
              ...base,
              severity: 'warning',
              items: [{ provisioner_daemon: daemon as never, warnings: [{ code: 'EPD02', message: 'Provisioner daemon "builder-1" runs version v0.0.1.' }] }],
            },
          }),
        })}
      />,
    );
    const daemons = section('Provisioner Daemons');
    expect(within(daemons).getByText('builder-1')).toBeInTheDocument();
    expect(within(daemons).getByText(/Version v0\.0\.1 · API 1\.4 · last seen/)).toBeInTheDocument();
    expect(within(daemons).getByText(/^EPD02: /)).toBeInTheDocument();
  });

  it('dismisses a section through its toggle', async () => {
    const onDismissChange = vi.fn();
    renderView(<HealthPageView {...props({ onDismissChange })} />);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Dismiss Provisioner Daemons' }));
    expect(onDismissChange).toHaveBeenCalledWith('ProvisionerDaemons', true);
  });

  it('marks a dismissed section and offers to restore it', async () => {
    const onDismissChange = vi.fn();
    const dismissed = report({ severity: 'warning', provisioner_daemons: { ...report().provisioner_daemons, dismissed: true } });
    renderView(<HealthPageView {...props({ report: dismissed, onDismissChange })} />);
    expect(within(section('Provisioner Daemons')).getByRole('heading')).toHaveTextContent('Dismissed (Unhealthy)');
    const toggle = screen.getByRole('checkbox', { name: 'Dismiss Provisioner Daemons' });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(onDismissChange).toHaveBeenCalledWith('ProvisionerDaemons', false);
  });

  it('runs the checks again on Refresh', async () => {
    const onRefresh = vi.fn();
    renderView(<HealthPageView {...props({ onRefresh })} />);
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(onRefresh).toHaveBeenCalled();
  });

  it('says when the report cannot be loaded', () => {
    renderView(<HealthPageView {...props({ report: undefined, error: new Error('Resource not found or you do not have access to this resource') })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The health report could not be loaded.');
  });
});
