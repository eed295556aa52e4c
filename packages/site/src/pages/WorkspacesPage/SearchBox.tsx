import { useEffect, useState, type FormEvent } from 'react';
import { inputClass } from '../../components/forms/TextField';

/** Coder's workspace search: `owner:me template:docker status:running name`. Applies on Enter. */
export function SearchBox({ query, onChange }: { query: string; onChange: (q: string) => void }) {
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange(text.trim());
  };
  return (
    <form role="search" onSubmit={submit} className="mb-4 flex gap-2">
      <label htmlFor="workspace-search" className="sr-only">
        Search workspaces
      </label>
      <input
        id="workspace-search"
        type="search"
        className={`${inputClass} font-mono`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="owner:me template:docker status:running name"
        aria-describedby="workspace-search-hint"
      />
      <p id="workspace-search-hint" className="sr-only">
        Filter with owner:, template:, status: and a name, then press Enter.
      </p>
    </form>
  );
}
