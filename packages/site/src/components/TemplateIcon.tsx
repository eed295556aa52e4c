import { useState } from 'react';

/** An icon by URL (a template's, a provider's), or the name's initial when there is none or it fails to load. */
export function TemplateIcon({ name, icon, size = 'size-6' }: { name: string; icon?: string; size?: string }) {
  const [failed, setFailed] = useState<string | undefined>(undefined);
  if (icon && failed !== icon) {
    return <img src={icon} alt="" className={`${size} shrink-0 rounded object-contain`} onError={() => setFailed(icon)} />;
  }
  return (
    <span className={`${size} inline-flex shrink-0 items-center justify-center rounded bg-surface-sunken text-xs font-semibold uppercase text-content-muted`} aria-hidden="true">
      {name.slice(0, 1)}
    </span>
  );
}
