import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AssignableRoles } from '@warren/sdk/authorization';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../testing/render';
import { userFixture } from '../../testing/users';
import { UsersPageView, type UsersPageViewProps } from './UsersPageView';

const role = (name: string, display_name: string): AssignableRoles =>
  ({ name, display_name, assignable: true, built_in: true, site_permissions: [], organization_permissions: [], user_permissions: [] }) as unknown as AssignableRoles;
const ROLES = [role('owner', 'Owner'), role('template-admin', 'Template Admin'), role('user-admin', 'User Admin'), role('auditor', 'Auditor'), role('member', 'Member')];
const owner = userFixture({ username: 'owner', roles: [{ name: 'owner', display_name: 'Owner', organization_id: '' }] });
const alice = userFixture({ username: 'alice', name: 'Alice' });
const bob = userFixture({ username: 'bob', status: 'suspended' });

const props = (over: Partial<UsersPageViewProps> = {}): UsersPageViewProps => ({
  query: '',
  onQueryChange: vi.fn(),
  data: { users: [owner, alice, bob], count: 3 },
  page: 1,
  pageSize: 25,
  onPageChange: vi.fn(),
  roles: ROLES,
  meId: owner.id,
  onStatusChange: vi.fn(),
  onRolesChange: vi.fn(),
  onDelete: vi.fn(),
  busyIds: new Set(),
  ...over,
});

describe('UsersPageView', () => {
  it('lists users with roles and status; the signed-in owner cannot suspend themselves', async () => {
    renderView(<UsersPageView {...props()} />);
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]!).getByRole('list', { name: 'Roles of owner' })).toHaveTextContent('Owner');
    expect(within(rows[2]!).getByText('Alice · alice@example.com')).toBeInTheDocument();
    expect(within(rows[2]!).getByRole('list', { name: 'Roles of alice' })).toHaveTextContent('Member');
    expect(within(rows[3]!).getByText('Suspended')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend owner' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Create user' })).toHaveAttribute('href', '/deployment/users/create');
  });

  it('suspends and activates after confirming', async () => {
    const p = props();
    renderView(<UsersPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Suspend alice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend user' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    expect(p.onStatusChange).toHaveBeenCalledWith(alice, 'suspend');
    await userEvent.click(screen.getByRole('button', { name: 'Activate bob' }));
    await userEvent.click(within(await screen.findByRole('dialog', { name: 'Activate user' })).getByRole('button', { name: 'Activate' }));
    expect(p.onStatusChange).toHaveBeenCalledWith(bob, 'activate');
  });

  it('edits roles with checkboxes, never offering member', async () => {
    const p = props();
    renderView(<UsersPageView {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit roles of alice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roles of alice' });
    expect(within(dialog).queryByRole('checkbox', { name: /^Member/ })).toBeNull();
    expect(within(dialog).getByRole('checkbox', { name: /^Owner/ })).not.toBeChecked();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Template Admin/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Auditor/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    expect(p.onRolesChange).toHaveBeenCalledWith(alice, ['template-admin', 'auditor']);
  });

  it('searches on Enter and filters by status through the status term', async () => {
    const p = props({ query: 'ali' });
    renderView(<UsersPageView {...p} />);
    const box = await screen.findByRole('searchbox', { name: 'Search users' });
    await userEvent.clear(box);
    await userEvent.type(box, 'status:active alice{Enter}');
    expect(p.onQueryChange).toHaveBeenCalledWith('status:active alice');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Suspended');
    expect(p.onQueryChange).toHaveBeenLastCalledWith('status:suspended ali');
  });

  it('pages, shows an empty search, loading and errors', async () => {
    const p = props({ page: 2, data: { users: [alice], count: 30 } });
    const { unmount } = renderView(<UsersPageView {...p} />);
    expect(await screen.findByText('Page 2 of 2')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(p.onPageChange).toHaveBeenCalledWith(1);
    unmount();
    const empty = props({ query: 'nobody', data: { users: [], count: 0 } });
    const second = renderView(<UsersPageView {...empty} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Show every user' }));
    expect(empty.onQueryChange).toHaveBeenCalledWith('');
    second.unmount();
    const third = renderView(<UsersPageView {...props({ data: undefined })} />);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading users');
    third.unmount();
    renderView(<UsersPageView {...props({ data: undefined, error: new Error('No database.'), actionError: new Error('You cannot suspend yourself.') })} />);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([expect.stringContaining('You cannot suspend yourself.'), expect.stringContaining('No database.')]);
  });

  it('deletes a user only after their name is typed, and never the signed-in user', async () => {
    const p = props();
    renderView(<UsersPageView {...p} />);
    await screen.findAllByRole('row');
    expect(screen.queryByRole('button', { name: 'Delete owner' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Delete alice' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete user' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete user' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/to confirm/), 'alice');
    await userEvent.click(confirm);
    expect(p.onDelete).toHaveBeenCalledWith(alice);
  });
});
