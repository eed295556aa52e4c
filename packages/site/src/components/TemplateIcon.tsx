/** A template's icon, or its initial when it has none (or the image fails to load). */
export function TemplateIcon({ name, icon, size = 'size-6' }: { name: string; icon?: string; size?: string }) {
  if (icon) {
    return (
      <img
        src={icon}
        alt=""
        className={`${size} shrink-0 rounded object-contain`}
        onError={(e) => {
          e.currentTarget.style.visibility = 'hidden';
        }}
      />
    );
  }
  return (
    <span className={`${size} inline-flex shrink-0 items-center justify-center rounded bg-surface-sunken text-xs font-semibold uppercase text-content-muted`} aria-hidden="true">
      {name.slice(0, 1)}
    </span>
  );
}
