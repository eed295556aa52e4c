import { NavLink, Outlet } from 'react-router';

export interface SideNavItem {
  to: string;
  label: string;
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? 'bg-surface-sunken text-content' : 'text-content-muted hover:bg-surface-raised hover:text-content'}`;

/**
 * An area's pages (settings, deployment, an organization) beside a side navigation between them;
 * `title` names what the area is about, `context` is handed to the pages (useOutletContext).
 */
export function SideNavLayout({ label, items, title, context }: { label: string; items: SideNavItem[]; title?: string; context?: unknown }) {
  return (
    <div className="flex flex-col gap-8 md:flex-row">
      <nav aria-label={label} className="shrink-0 md:w-48">
        <p className="mb-2 px-3 text-xs font-semibold uppercase tracking-wide text-content-muted">{label}</p>
        {title && <p className="mb-4 px-3 font-semibold">{title}</p>}
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
        <Outlet context={context} />
      </div>
    </div>
  );
}
