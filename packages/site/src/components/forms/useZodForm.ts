import { useState, type ChangeEvent } from 'react';
import { fieldErrors } from '../../api/client';

type Values<F extends string> = Record<F, string>;

/** What the form needs of a zod schema from the sdk (its safeParse). */
interface Schema<Out> {
  safeParse(input: unknown): { success: true; data: Out } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface ZodForm<F extends string, Out> {
  values: Values<F>;
  set: (field: F, value: string) => void;
  /** Props for a TextField: name, value, onChange and the error to show. */
  field: (f: F) => { name: F; value: string; onChange: (e: ChangeEvent<HTMLInputElement>) => void; error?: string };
  errorOf: (f: F) => string | undefined;
  /** Marks every field touched; answers the parsed request when the input is valid. */
  submit: () => Out | undefined;
  reset: (values: Values<F>) => void;
  /** The server's error had per-field messages (so no banner is needed). */
  serverHasFieldErrors: boolean;
}

/**
 * A form checked at each field as the user types, by the sdk's zod schema (the server's own rule),
 * with the server's `validations[]` shown at their fields. `toInput` maps the text fields to what the
 * schema parses; `aliases` maps server field names to the form's.
 */
export function useZodForm<F extends string, Out>(opts: {
  schema: Schema<Out>;
  initial: Values<F>;
  toInput: (values: Values<F>) => unknown;
  serverError?: unknown;
  aliases?: Record<string, F>;
}): ZodForm<F, Out> {
  const [values, setValues] = useState<Values<F>>(opts.initial);
  const [touched, setTouched] = useState<Partial<Record<F, boolean>>>({});
  const parsed = opts.schema.safeParse(opts.toInput(values));
  const clientErrors: Partial<Record<F, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const f = String(issue.path[0] ?? '');
      const name = (opts.aliases?.[f] ?? f) as F;
      clientErrors[name] ??= issue.message;
    }
  }
  const server: Partial<Record<F, string>> = {};
  for (const [k, v] of Object.entries(fieldErrors(opts.serverError))) server[(opts.aliases?.[k] ?? k) as F] = v;
  const errorOf = (f: F) => (touched[f] ? clientErrors[f] : undefined) ?? server[f];
  const set = (f: F, value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setTouched((t) => ({ ...t, [f]: true }));
  };
  return {
    values,
    set,
    errorOf,
    field: (f) => ({ name: f, value: values[f], onChange: (e) => set(f, e.target.value), error: errorOf(f) }),
    submit: () => {
      setTouched(Object.fromEntries(Object.keys(values).map((k) => [k, true])) as Record<F, boolean>);
      return parsed.success ? parsed.data : undefined;
    },
    reset: (v) => {
      setValues(v);
      setTouched({});
    },
    serverHasFieldErrors: Object.keys(server).length > 0,
  };
}
