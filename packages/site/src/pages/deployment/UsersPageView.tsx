import type { AssignableRoles } from '@warren/sdk/authorization';
import type { GetUsersResponse, User } from '@warren/sdk/users';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorAlert, Loader } from '../../components/States';
import { inputClass } from '../../components/forms/TextField';
import { relativeTime } from '../../time';
import { Pagination } from '../WorkspacesPage/Pagination';
import { RolesDialog } from '../../components/RolesDialog';
import { statusOf, USER_STATUSES, withStatus } from './userQuery';
import { Table } from '../../components/Table';

export interface UsersPageViewProps {
  query: string;
  onQueryChange: (q: string) => void;
  data?: GetUsersResponse;
  error?: unknown;
  onRetry?: () => void;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  roles: AssignableRoles[];
  /** The signed-in user, who cannot suspend themselves. */
  meId: string;
  onStatusChange: (user: User, status: 'activate' | 'suspend') => void;
  onRolesChange: (user: User, roles: string[]) => void;
  /** Deletes a user (the server refuses one who still has workspaces). */
  onDelete: (user: User) => void;
  busyIds: ReadonlySet<string>;
  actionError?: unknown;
}

const present = (e: unknown) => e !== undefined && e !== null;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function UsersPageView(p: UsersPageViewProps) {
  const [confirm, setConfirm] = useState<{ user: User; status: 'activate' | 'suspend' } | undefined>();
  const [editing, setEditing] = useState<User | undefined>();
  const [deleting, setDeleting] = useState<User | undefined>();
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="Everyone who can sign in to this deployment."
        actions={
          <Link to="/deployment/users/create" className={buttonClass('primary')}>
            Create user
          </Link>
        }
      />
      <UserFilters query={p.query} onChange={p.onQueryChange} />
      {present(p.actionError) && (
        <div className="mb-4">
          <ErrorAlert title="The user could not be changed." error={p.actionError} />
        </div>
      )}
      {present(p.error) ? (
        <ErrorAlert title="The users could not be loaded." error={p.error} onRetry={p.onRetry} />
      ) : !p.data ? (
        <Loader label="Loading users…" />
      ) : p.data.users.length === 0 ? (
        <EmptyState
          title="No users match this search"
          action={
            <Button onClick={() => p.onQueryChange('')} variant="secondary">
              Show every user
            </Button>
          }
        />
      ) : (
        <>
          <Table caption="Users" columns={['User', 'Roles', 'Login', 'Status', 'Last seen', { label: 'Actions', hidden: true }]}>
            <tbody>
              {p.data.users.map((u) => (
                <tr key={u.id} className="border-t border-border" data-user={u.username}>
                  <td className="px-4 py-2">
                    <div className="font-medium">{u.username}</div>
                    <div className="text-xs text-content-muted">{[u.name, u.email].filter(Boolean).join(' · ')}</div>
                  </td>
                  <td className="px-4 py-2">
                    <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${u.username}`}>
                      {(u.roles.length ? u.roles : [{ name: 'member', display_name: 'Member' }]).map((r) => (
                        <li key={r.name} className="rounded border border-border px-1.5 text-xs">
                          {r.display_name || r.name}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-4 py-2 text-content-muted">{u.login_type}</td>
                  <td className="px-4 py-2">
                    <span className={`rounded-full border px-2 py-0.5 text-xs font-medium ${u.status === 'active' ? 'border-success/50 text-success' : 'border-border text-content-muted'}`}>
                      {capitalize(u.status)}
                    </span>
                  </td>
                  <td className="px-4 py-2 text-content-muted">{relativeTime(u.last_seen_at)}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    <span className="inline-flex gap-2">
                      <Button onClick={() => setEditing(u)} busy={p.busyIds.has(u.id)} aria-label={`Edit roles of ${u.username}`}>
                        Roles
                      </Button>
                      {u.status === 'suspended' ? (
                        <Button onClick={() => setConfirm({ user: u, status: 'activate' })} busy={p.busyIds.has(u.id)} aria-label={`Activate ${u.username}`}>
                          Activate
                        </Button>
                      ) : (
                        u.id !== p.meId && (
                          <Button onClick={() => setConfirm({ user: u, status: 'suspend' })} busy={p.busyIds.has(u.id)} aria-label={`Suspend ${u.username}`}>
                            Suspend
                          </Button>
                        )
                      )}
                      {u.id !== p.meId && (
                        <Button variant="danger" onClick={() => setDeleting(u)} busy={p.busyIds.has(u.id)} aria-label={`Delete ${u.username}`}>
                          Delete
                        </Button>
                      )}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pagination page={p.page} pageSize={p.pageSize} count={p.data.count} onChange={p.onPageChange} />
        </>
      )}
      <ConfirmDialog
        open={confirm !== undefined}
        onOpenChange={(o) => !o && setConfirm(undefined)}
        title={confirm?.status === 'suspend' ? 'Suspend user' : 'Activate user'}
        description={
          confirm?.status === 'suspend' ? (
            <>
              Suspend <strong>{confirm.user.username}</strong>? They can no longer sign in or use their tokens, and their workspaces stay as they are.
            </>
          ) : (
            <>
              Activate <strong>{confirm?.user.username}</strong>? They can sign in again.
            </>
          )
        }
        confirmLabel={confirm?.status === 'suspend' ? 'Suspend' : 'Activate'}
        danger={confirm?.status === 'suspend'}
        onConfirm={() => confirm && p.onStatusChange(confirm.user, confirm.status)}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(o) => !o && setDeleting(undefined)}
        title="Delete user"
        description={
          <>
            Delete <strong>{deleting?.username}</strong>? Their sessions and tokens stop working at once. A user who still has workspaces cannot be deleted.
          </>
        }
        confirmLabel="Delete user"
        typeToConfirm={deleting?.username}
        danger
        onConfirm={() => deleting && p.onDelete(deleting)}
      />
      <RolesDialog
        subject={editing && { name: editing.username, roles: editing.roles.map((r) => r.name) }}
        roles={p.roles}
        implied="member"
        description="Every user is a member. Add the roles that grant more."
        onSave={(roles) => editing && p.onRolesChange(editing, roles)}
        onClose={() => setEditing(undefined)}
      />
    </>
  );
}

/** Coder's user search (`status:active alice`), applied on Enter, and a status filter that edits its status term. */
function UserFilters({ query, onChange }: { query: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange(text.trim());
  };
  return (
    <div className="mb-4 flex flex-wrap items-end gap-2">
      <form role="search" onSubmit={submit} className="min-w-64 flex-1">
        <label htmlFor={`${id}-search`} className="sr-only">
          Search users
        </label>
        <input
          id={`${id}-search`}
          type="search"
          className={`${inputClass} font-mono`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="status:active alice"
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="sr-only">
          Filter with status:, role: and a name or email, then press Enter.
        </p>
      </form>
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-status`} className="text-sm font-medium">
          Status
        </label>
        <select id={`${id}-status`} className={`${inputClass} w-auto`} value={statusOf(query)} onChange={(e) => onChange(withStatus(query, e.target.value))}>
          <option value="">All</option>
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {capitalize(s)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
