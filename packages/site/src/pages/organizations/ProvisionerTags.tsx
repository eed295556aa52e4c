/** A provisioner tag set as `key=value` chips; the implicit organization scope is shown muted. */
export function ProvisionerTags({ tags, highlight }: { tags: Record<string, string>; /** tags to mark as the problem */ highlight?: ReadonlySet<string> }) {
  const entries = Object.entries(tags)
    .filter(([k, v]) => !(k === 'owner' && v === ''))
    .sort(([a], [b]) => tagOrder(a) - tagOrder(b) || a.localeCompare(b));
  if (entries.length === 0) return <span className="text-content-muted">none</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {entries.map(([k, v]) => {
        const text = `${k}=${v}`;
        const implicit = k === 'scope' || k === 'owner';
        const marked = highlight?.has(text);
        const tone = marked ? 'border-danger/60 bg-danger/10 text-danger' : implicit ? 'border-border text-content-muted' : 'border-accent/40 text-content';
        return (
          <li key={k} className={`rounded border px-1.5 py-0.5 font-mono text-xs ${tone}`} data-tag={text}>
            {text}
          </li>
        );
      })}
    </ul>
  );
}

const tagOrder = (k: string) => (k === 'scope' ? 0 : k === 'owner' ? 1 : 2);

/** `k=v` strings of a tag set. */
export const tagStrings = (tags: Record<string, string>): string[] => Object.entries(tags).map(([k, v]) => `${k}=${v}`);
