import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AssignableRoles } from '@warren/sdk/authorization';
import type { OrganizationMemberWithUserData } from '@warren/sdk/organizations';
import { describe, expect, it, vi } from 'vitest';
import { renderView } from '../../../testing/render';
import { MembersPageView, type MembersPageViewProps } from './MembersPageView';

const ORG = 'org-1';
const role = (name: string, display_name: string, assignable = true) => ({ name, display_name, assignable, organization_id: ORG }) as unknown as AssignableRoles;
const member = (username: string, roles: string[] = []): OrganizationMemberWithUserData => ({
  username,
  name: '',
  avatar_url: '',
  email: `${username}@example.com`,
  global_roles: [],
  user_id: `id-${username}`,
  organization_id: ORG,
  created_at: '',
  updated_at: '',
  roles: roles.map((name) => ({ name, display_name: name === 'organization-admin' ? 'Organization Admin' : name, organization_id: ORG })),
});
const ROLES = [role('organization-admin', 'Organization Admin'), role('organization-auditor', 'Organization Auditor'), role('organization-workspace-creation-ban', 'Creation Ban', false)];

const props = (over: Partial<MembersPageViewProps> = {}): MembersPageViewProps => ({
  members: [member('owner', ['organization-admin']), member('alice')],
  roles: ROLES,
  meId: 'id-owner',
  onRolesChange: vi.fn(),
  busy: false,
  ...over,
});

describe('MembersPageView', () => {
  it("lists members with their organization roles and edits another member's roles", async () => {
    const p = props();
    renderView(<MembersPageView {...p} />);
    const rows = await screen.findAllByRole('row');
    expect(within(rows[1]!).getByText('Organization Admin')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Member')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit organization roles of owner' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Edit organization roles of alice' }));
    const dialog = await screen.findByRole('dialog', { name: 'Roles of alice' });
    expect(within(dialog).getByRole('checkbox', { name: /^Creation Ban/ })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Organization Auditor/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save roles' }));
    expect(p.onRolesChange).toHaveBeenCalledWith(p.members![1], ['organization-auditor']);
  });

  it('offers no role editing to someone who may assign nothing', async () => {
    renderView(<MembersPageView {...props({ roles: ROLES.map((r) => ({ ...r, assignable: false })) })} />);
    await screen.findAllByRole('row');
    expect(screen.queryByRole('button', { name: /Edit organization roles/ })).toBeNull();
  });
});
