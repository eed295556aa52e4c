import type { AssignableRoles } from '@warren/sdk/authorization';
import type { OrganizationMemberWithUserData } from '@warren/sdk/organizations';
import { useState } from 'react';
import { Button } from '../../../components/Button';
import { PageHeader } from '../../../components/PageHeader';
import { RolesDialog } from '../../../components/RolesDialog';
import { ErrorAlert, Loader } from '../../../components/States';
import { Table } from '../../../components/Table';

export interface MembersPageViewProps {
  members?: OrganizationMemberWithUserData[];
  error?: unknown;
  onRetry?: () => void;
  /** The organization's roles, with whether the signed-in user may assign each. */
  roles: AssignableRoles[];
  /** The signed-in user, whose own roles are not theirs to change. */
  meId: string;
  onRolesChange: (member: OrganizationMemberWithUserData, roles: string[]) => void;
  busy: boolean;
  actionError?: unknown;
}

const present = (e: unknown) => e !== undefined && e !== null;

/** The organization's members with their organization roles, which those allowed may change. */
export function MembersPageView(p: MembersPageViewProps) {
  const [editing, setEditing] = useState<OrganizationMemberWithUserData | undefined>();
  const mayAssign = p.roles.some((r) => r.assignable);
  return (
    <>
      <PageHeader title="Members" subtitle="Everyone in this organization, and what the organization lets them do beyond being a member." />
      {present(p.actionError) && (
        <div className="mb-4">
          <ErrorAlert title="The roles could not be changed." error={p.actionError} />
        </div>
      )}
      {present(p.error) ? (
        <ErrorAlert title="The members could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.members ? (
        <Loader label="Loading members…" />
      ) : (
        <Table caption="Organization members" columns={['User', 'Organization roles', { label: 'Actions', hidden: true }]}>
          <tbody>
            {p.members.map((m) => (
              <tr key={m.user_id} data-member={m.username} className="border-t border-border">
                <td className="px-4 py-2">
                  <div className="font-medium">{m.username}</div>
                  <div className="text-xs text-content-muted">{m.email}</div>
                </td>
                <td className="px-4 py-2">{m.roles.length ? m.roles.map((r) => r.display_name || r.name).join(', ') : 'Member'}</td>
                <td className="px-4 py-2 text-right">
                  {mayAssign && m.user_id !== p.meId && (
                    <Button onClick={() => setEditing(m)} busy={p.busy} aria-label={`Edit organization roles of ${m.username}`}>
                      Roles
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <RolesDialog
        subject={editing && { name: editing.username, roles: editing.roles.map((r) => r.name) }}
        roles={p.roles}
        implied="organization-member"
        description="Every user in the organization is a member. Add the organization roles that grant more."
        onSave={(roles) => editing && p.onRolesChange(editing, roles)}
        onClose={() => setEditing(undefined)}
      />
    </>
  );
}
