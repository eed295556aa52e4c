import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DeploymentOption } from '@warren/sdk/deployment';
import { describe, expect, it } from 'vitest';
import { renderView } from '../../testing/render';
import { DeploymentSettingsPageView, optionValue } from './DeploymentSettingsPageView';

const OPTIONS: DeploymentOption[] = [
  { name: 'Access URL', flag: 'access-url', env: 'CODER_ACCESS_URL', value: 'https://warren.example.com', value_source: '' },
  { name: 'Session Duration', flag: 'session-duration', env: 'CODER_SESSION_DURATION', value: 24 * 3600 * 1e9, value_source: 'default', annotations: { format_duration: 'true' } },
  { name: 'OIDC Client Secret', flag: 'oidc-client-secret', env: 'CODER_OIDC_CLIENT_SECRET', value: null, value_source: '', annotations: { secret: 'true' } },
  { name: 'Provisioner Daemon PSK', flag: 'provisioner-daemon-psk', value: null, value_source: 'default', annotations: { secret: 'true' } },
  { name: 'OIDC Email Domain', flag: 'oidc-email-domain', value: ['corp.example', 'lab.example'], value_source: '' },
  { name: 'Job Hang Timeout', flag: 'provisioner-job-hang-timeout', value: 90e9, hidden: true, annotations: { format_duration: 'true' } },
];

describe('DeploymentSettingsPageView', () => {
  it('reads values as they are written: durations, lists, and secrets withheld', () => {
    expect(OPTIONS.map(optionValue)).toEqual(['https://warren.example.com', '24h0m0s', '(set, hidden)', '', 'corp.example, lab.example', '1m30s']);
  });

  it('lists the options that are not hidden, and filters them', async () => {
    renderView(<DeploymentSettingsPageView options={OPTIONS} />);
    const table = await screen.findByRole('table', { name: 'Server options' });
    expect(within(table).getAllByRole('row')).toHaveLength(6);
    expect(within(table).queryByText('Job Hang Timeout')).toBeNull();
    await userEvent.type(screen.getByLabelText('Filter'), 'oidc');
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-option'))).toEqual(['oidc-client-secret', 'oidc-email-domain']);
  });
});
