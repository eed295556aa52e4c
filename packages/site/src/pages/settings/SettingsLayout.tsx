import { SideNavLayout } from '../../components/SideNavLayout';

/** The signed-in user's own settings. */
export function SettingsLayout() {
  return (
    <SideNavLayout
      label="Settings"
      items={[
        { to: '/settings/account', label: 'Account' },
        { to: '/settings/tokens', label: 'Tokens' },
        { to: '/settings/external-auth', label: 'External authentication' },
      ]}
    />
  );
}
