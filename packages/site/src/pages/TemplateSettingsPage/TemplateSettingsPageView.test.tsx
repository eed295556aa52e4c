import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Template } from '@warren/sdk/templates';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { TemplateSettingsPageView } from './TemplateSettingsPageView';

const HOUR = 3600_000;
const template = {
  id: 't1',
  name: 'docker',
  display_name: 'Docker',
  description: 'Containers',
  icon: '/icon/docker.svg',
  deprecation_message: '',
  default_ttl_ms: 8 * HOUR,
  activity_bump_ms: HOUR,
  allow_user_autostart: true,
  allow_user_autostop: true,
  allow_user_cancel_workspace_jobs: true,
  require_active_version: false,
} as unknown as Template;

describe('TemplateSettingsPageView', () => {
  it('saves hours as milliseconds and the permissions as switches', async () => {
    const onSave = vi.fn();
    renderView(<TemplateSettingsPageView template={template} onSave={onSave} saving={false} saved={false} />);
    const ttl = await screen.findByLabelText('Default autostop (hours)');
    expect(ttl).toHaveValue(8);
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '2.5');
    await userEvent.clear(screen.getByLabelText('Activity bump (hours)'));
    await userEvent.click(screen.getByLabelText(/Users may set an autostart schedule/));
    await userEvent.click(screen.getByLabelText(/must start on the active version/));
    await userEvent.clear(screen.getByLabelText('Description'));
    await userEvent.type(screen.getByLabelText('Description'), 'Docker workspaces');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave).toHaveBeenCalledWith({
      display_name: 'Docker',
      description: 'Docker workspaces',
      icon: '/icon/docker.svg',
      deprecation_message: '',
      default_ttl_ms: 2.5 * HOUR,
      activity_bump_ms: 0,
      allow_user_autostart: false,
      allow_user_autostop: true,
      allow_user_cancel_workspace_jobs: true,
      require_active_version: true,
    });
  });

  it('refuses hours that are not a number, and says when it saved', async () => {
    const onSave = vi.fn();
    const { unmount } = renderView(<TemplateSettingsPageView template={template} onSave={onSave} saving={false} saved={false} />);
    const ttl = await screen.findByLabelText('Default autostop (hours)');
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '-1');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(ttl).toHaveAccessibleDescription(/Enter a number of hours/);
    unmount();
    renderView(<TemplateSettingsPageView template={template} onSave={onSave} saving={false} saved />);
    expect(await screen.findByRole('status')).toHaveTextContent('The settings were saved.');
  });
});
