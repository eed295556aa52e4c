import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Template, TemplateVersionExternalAuth } from '@warren/sdk/templates';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { CreateWorkspacePageView, type CreateWorkspacePageViewProps } from './CreateWorkspacePageView';

const template = { id: 't1', name: 'with-git', display_name: '', icon: '' } as Template;
const provider = (id: string, display_name: string, over: Partial<TemplateVersionExternalAuth> = {}): TemplateVersionExternalAuth => ({
  id,
  type: id,
  display_name,
  display_icon: '',
  authenticate_url: `https://warren.example/external-auth/${id}`,
  authenticated: false,
  optional: false,
  ...over,
});
const props = (over: Partial<CreateWorkspacePageViewProps>): CreateWorkspacePageViewProps => ({
  template,
  parameters: [],
  initialValues: {},
  initialName: 'swift-otter',
  onSubmit: vi.fn(),
  isSubmitting: false,
  ...over,
});
const section = () => screen.getByRole('region', { name: 'External authentication' });

describe('the create form’s external authentication', () => {
  it('offers a login per provider and keeps Create disabled, saying why, until the required ones are done', async () => {
    const onExternalAuthLogin = vi.fn();
    const onSubmit = vi.fn();
    const providers = [provider('corp-git', 'Corp Git'), provider('github', 'GitHub', { optional: true })];
    const { unmount } = renderView(<CreateWorkspacePageView {...props({ externalAuth: providers, onExternalAuthLogin, onSubmit })} />);
    const create = await screen.findByRole('button', { name: 'Create workspace' });
    expect(create).toBeDisabled();
    expect(create).toHaveAccessibleDescription('Log in with Corp Git before creating the workspace: the template needs it.');
    expect(within(section()).getByText('Optional')).toBeInTheDocument();
    await userEvent.click(within(section()).getByRole('button', { name: 'Login with Corp Git' }));
    expect(onExternalAuthLogin).toHaveBeenCalledWith(providers[0]);
    unmount();

    // Authenticated with the required one: the optional one does not hold Create back.
    renderView(<CreateWorkspacePageView {...props({ externalAuth: [{ ...providers[0]!, authenticated: true }, providers[1]!], onSubmit })} />);
    expect(await screen.findByText('Authenticated with Corp Git')).toBeInTheDocument();
    expect(within(section()).queryByRole('button', { name: 'Login with Corp Git' })).not.toBeInTheDocument();
    expect(within(section()).getByRole('button', { name: 'Login with GitHub' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'swift-otter', values: [] });
  });

  it('says it is waiting while a login window is open', async () => {
    renderView(<CreateWorkspacePageView {...props({ externalAuth: [provider('corp-git', 'Corp Git')], externalAuthPolling: true })} />);
    expect(await screen.findByText('Waiting for you to finish logging in in the other window…')).toBeInTheDocument();
  });

  it('has no section for a template without providers', async () => {
    renderView(<CreateWorkspacePageView {...props({ externalAuth: [] })} />);
    expect(await screen.findByRole('button', { name: 'Create workspace' })).toBeEnabled();
    expect(screen.queryByRole('region', { name: 'External authentication' })).not.toBeInTheDocument();
  });
});
