import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '@warren/sdk/users';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { updateUserAppearance, userAppearance } from '../api/queries/appearance';
import { organizations } from '../api/queries/organizations';
import { isOwner, logout } from '../api/queries/users';
import { applyTheme, fromServerPreference, storedPreference, type ThemePreference } from '../theme';
import { UserMenu } from './UserMenu';

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-surface-sunken text-content' : 'text-content-muted hover:text-content'}`;

/** The signed-in shell: navigation, the user menu and the page. */
export function AppLayout({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [theme, setTheme] = useState<ThemePreference>(storedPreference);
  const appearance = useQuery(userAppearance());
  const saveAppearance = useMutation(updateUserAppearance(queryClient));
  const signOut = useMutation(logout(queryClient));
  const orgs = useQuery({ ...organizations(), enabled: isOwner(user) });
  const defaultOrg = orgs.data?.find((o) => o.is_default) ?? orgs.data?.[0];

  useEffect(() => {
    if (appearance.data) setTheme(fromServerPreference(appearance.data.theme_preference));
  }, [appearance.data]);
  useEffect(() => applyTheme(theme), [theme]);

  const changeTheme = (t: ThemePreference) => {
    setTheme(t);
    saveAppearance.mutate(t);
  };

  return (
    <div className="flex min-h-full flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-surface focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-border bg-surface-raised">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4">
          <NavLink to="/workspaces" className="flex items-center gap-2 font-semibold" aria-label="Warren home">
            <img src="/favicon.svg" alt="" className="size-6" />
            <span>Warren</span>
          </NavLink>
          <nav aria-label="Main" className="flex flex-1 gap-1">
            <NavLink to="/workspaces" className={navClass}>
              Workspaces
            </NavLink>
            <NavLink to="/templates" className={navClass}>
              Templates
            </NavLink>
            {isOwner(user) && (
              <NavLink to="/deployment/users" className={navClass}>
                Deployment
              </NavLink>
            )}
            {isOwner(user) && defaultOrg && (
              <NavLink to={`/organizations/${encodeURIComponent(defaultOrg.name)}/provisioners`} className={navClass}>
                Organization
              </NavLink>
            )}
          </nav>
          <UserMenu
            user={user}
            theme={theme}
            onThemeChange={changeTheme}
            onAccount={() => navigate('/settings/account')}
            onLogout={() => signOut.mutate(undefined, { onSettled: () => navigate('/login') })}
          />
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8">
        <Outlet />
      </main>
    </div>
  );
}
