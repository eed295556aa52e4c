import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { User } from '@warren/sdk/users';
import type { ThemePreference } from '../theme';

const itemClass =
  'flex cursor-pointer select-none items-center rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-surface-sunken';

export interface UserMenuProps {
  user: User;
  theme: ThemePreference;
  onThemeChange: (theme: ThemePreference) => void;
  onAccount: () => void;
  onLogout: () => void;
}

/** The signed-in user's menu: who they are, the theme, account settings and logout. */
export function UserMenu({ user, theme, onThemeChange, onAccount, onLogout }: UserMenuProps) {
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={`Account menu of ${user.username}`}
        className="flex size-9 items-center justify-center rounded-full bg-accent font-semibold uppercase text-accent-content"
      >
        {user.username.slice(0, 1)}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-border bg-surface-raised p-1 text-content shadow-lg"
        >
          <div className="px-2 py-1.5">
            <p className="font-medium">{user.name || user.username}</p>
            <p className="text-sm text-content-muted">{user.email}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Label className="px-2 py-1 text-xs text-content-muted">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={theme} onValueChange={(v) => onThemeChange(v as ThemePreference)}>
            {(['light', 'dark', 'auto'] as const).map((t) => (
              <DropdownMenu.RadioItem key={t} value={t} className={itemClass}>
                <span className="mr-2 inline-block w-3" aria-hidden="true">
                  <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
                </span>
                {t === 'auto' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item className={itemClass} onSelect={onAccount}>
            Account settings
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={onLogout}>
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
