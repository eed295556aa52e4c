import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@warren/sdk/client';
import type { Template, TemplateVersionPreset } from '@warren/sdk/templates';
import { describe, expect, it, vi } from 'vitest';
import { EVERY_FORM_TYPE } from '../../testing/parameters';
import { renderView } from '../../testing/render';
import { initialParameterValues } from './CreateWorkspacePage';
import { CreateWorkspacePageView, type CreateWorkspacePageViewProps } from './CreateWorkspacePageView';
import { suggestWorkspaceName, workspaceNameProblem } from './workspaceName';

const template = { id: 't1', name: 'docker', display_name: 'Docker', icon: '' } as Template;
const defaults = initialParameterValues(EVERY_FORM_TYPE, new URLSearchParams());
const props = (over: Partial<CreateWorkspacePageViewProps> = {}): CreateWorkspacePageViewProps => ({
  template,
  parameters: EVERY_FORM_TYPE,
  initialValues: defaults,
  initialName: 'swift-otter',
  onSubmit: vi.fn(),
  isSubmitting: false,
  ...over,
});
const field = (name: string) => document.querySelector<HTMLElement>(`[data-parameter="${name}"]`)!;

describe('CreateWorkspacePageView', () => {
  it('renders every form type with its label, markdown description and badges', async () => {
    renderView(<CreateWorkspacePageView {...props()} />);
    expect(await screen.findByLabelText('Repository')).toHaveValue('https://example.com/x.git');
    expect(within(field('repo')).getByText('git').tagName).toBe('STRONG');
    expect(within(field('notes')).getByRole('textbox')).toHaveValue('hello');
    expect(within(field('region')).getByRole('combobox')).toHaveTextContent('EU');
    expect(within(field('size')).getByRole('radio', { name: 'SMALL' })).toBeChecked();
    expect(within(field('size')).getByText('Immutable')).toBeInTheDocument();
    expect(within(field('gpu')).getByRole('checkbox')).not.toBeChecked();
    expect(within(field('dotfiles')).getByRole('switch')).toBeChecked();
    expect(within(field('dotfiles')).getByText('Ephemeral')).toBeInTheDocument();
    expect(within(field('cpu')).getByRole('slider')).toHaveAttribute('aria-valuenow', '2');
    expect(within(field('ides')).getByRole('checkbox', { name: 'VIM' })).toBeChecked();
    expect(within(field('tags')).getByRole('textbox')).toBeInTheDocument();
  });

  it('says what is wrong as the user types, with the template’s error text, and submits once fixed', async () => {
    const onSubmit = vi.fn();
    renderView(<CreateWorkspacePageView {...props({ onSubmit })} />);
    await screen.findByLabelText('Workspace name');
    const disk = within(field('disk')).getByRole('spinbutton');
    await userEvent.clear(disk);
    await userEvent.type(disk, '500');
    expect(within(field('disk')).getByRole('alert')).toHaveTextContent('Disk must be 10 to 100 GB.');
    const repo = screen.getByLabelText('Repository');
    await userEvent.clear(repo);
    await userEvent.type(repo, 'git@host');
    expect(within(field('repo')).getByRole('alert')).toHaveTextContent('Use an https URL.');
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.clear(disk);
    await userEvent.type(disk, '50');
    await userEvent.clear(repo);
    await userEvent.type(repo, 'https://example.com/y.git');
    await userEvent.click(within(field('gpu')).getByRole('checkbox'));
    await userEvent.click(within(field('size')).getByRole('radio', { name: 'LARGE' }));
    await userEvent.click(within(field('ides')).getByRole('checkbox', { name: 'EMACS' }));
    await userEvent.type(within(field('tags')).getByRole('textbox'), 'alpha{Enter}beta{Enter}');
    within(field('cpu')).getByRole('slider').focus();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    const values = Object.fromEntries((onSubmit.mock.calls[0]![0] as { values: Array<{ name: string; value: string }> }).values.map((v) => [v.name, v.value]));
    expect(onSubmit.mock.calls[0]![0].name).toBe('swift-otter');
    expect(values).toMatchObject({ disk: '50', repo: 'https://example.com/y.git', gpu: 'true', size: 'large', ides: '["vim","emacs"]', tags: '["alpha","beta"]', cpu: '4', dotfiles: 'true', region: 'eu' });
  });

  it('checks the workspace name like Coder', async () => {
    renderView(<CreateWorkspacePageView {...props()} />);
    const name = await screen.findByLabelText('Workspace name');
    await userEvent.clear(name);
    await userEvent.type(name, 'bad name');
    expect(name).toHaveAccessibleDescription(/Must be alphanumeric with single hyphens/);
    expect(workspaceNameProblem(suggestWorkspaceName())).toBeUndefined();
    expect(workspaceNameProblem('x'.repeat(33))).toBe('Must be at most 32 characters.');
  });

  it("shows the server's validations at their fields", async () => {
    const error = new ApiError(400, { message: 'Validation failed.', validations: [{ field: 'region', detail: 'Region eu is full.' }] });
    renderView(<CreateWorkspacePageView {...props({ error })} />);
    await screen.findByLabelText('Workspace name');
    expect(await within(field('region')).findByRole('alert')).toHaveTextContent('Region eu is full.');
  });

  it('prefills from ?param.<name>= links', () => {
    expect(initialParameterValues(EVERY_FORM_TYPE, new URLSearchParams('param.region=us'))).toMatchObject({ region: 'us', size: 'small' });
  });

  it('fills the form from a preset (the default one first), hiding the values it sets until asked', async () => {
    const preset = (ID: string, Name: string, Default: boolean, values: Record<string, string>): TemplateVersionPreset => ({
      ID, Name, Default, Description: `${Name} machine`, Icon: '', DesiredPrebuildInstances: null, Parameters: Object.entries(values).map(([Name, Value]) => ({ Name, Value })),
    });
    const presets = [preset('p1', 'Small EU', true, { region: 'eu', size: 'small', cpu: '2' }), preset('p2', 'Big US', false, { region: 'us', size: 'large', cpu: '6' })];
    const onSubmit = vi.fn();
    renderView(<CreateWorkspacePageView {...props({ presets, onSubmit, initialValues: { ...defaults, size: 'large' } })} />);
    const picker = await screen.findByRole('combobox', { name: 'Preset' });
    expect(picker).toHaveTextContent('Small EU (Default)');
    expect(picker).toHaveAccessibleDescription(/fills in parameters/);
    expect(screen.getByText('Sets 3 parameters: region, size, cpu.')).toBeInTheDocument();
    for (const name of ['region', 'size', 'cpu']) expect(field(name)).toBeNull();
    expect(field('repo')).not.toBeNull();

    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole('option', { name: /Big US/ }));
    expect(picker).toHaveTextContent('Big US');
    await userEvent.click(screen.getByRole('switch', { name: 'Show preset parameters' }));
    expect(within(field('size')).getByRole('radio', { name: 'LARGE' })).toBeChecked();
    expect(within(field('size')).getByRole('radio', { name: 'LARGE' })).toBeDisabled();
    expect(within(field('cpu')).getByRole('slider')).toHaveAttribute('aria-valuenow', '6');
    expect(within(field('region')).getByRole('combobox')).toHaveTextContent('US');

    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    const values = Object.fromEntries((onSubmit.mock.calls[0]![0] as { values: Array<{ name: string; value: string }> }).values.map((v) => [v.name, v.value]));
    expect(values).toMatchObject({ region: 'us', size: 'large', cpu: '6', repo: 'https://example.com/x.git' });
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ presetId: 'p2' });

    // Back to no preset: every parameter is the user's again, with the values it had.
    await userEvent.click(picker);
    await userEvent.click(await screen.findByRole('option', { name: /None/ }));
    expect(within(field('size')).getByRole('radio', { name: 'LARGE' })).toBeEnabled();
    expect(screen.queryByRole('switch', { name: 'Show preset parameters' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create workspace' }));
    expect(onSubmit.mock.calls[1]![0]).not.toHaveProperty('presetId');
  });
});
