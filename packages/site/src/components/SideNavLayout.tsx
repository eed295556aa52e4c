import { NavLink, Outlet } from 'react-router';

export interface SideNavItem {
  to: string;
  label: string;
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-surface-sunken text-content' : 'text-content-muted hover:bg-surface-raised hover:text-content'}`;

/** An area's pages (settings, deployment) beside a side navigation between them. */
export function SideNavLayout({ label, items }: { label: string; items: SideNavItem[] }) {
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <nav aria-label={label} className="shrink-0 md:w-48">
        <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-content-muted">{label}</p>
        <ul className="flex gap-1 md:flex-col">
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} className={linkClass}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 flex-1">
        <Outlet />
      </div>
    </div>
  );
}
