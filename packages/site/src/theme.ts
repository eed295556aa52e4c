/**
 * Light and dark themes. The choice ("light", "dark" or "auto" to follow the system) is kept in
 * this browser and, where the server has Coder's appearance route, in the user's account.
 */
export type ThemePreference = 'light' | 'dark' | 'auto';

const STORAGE_KEY = 'warren.theme';

export function storedPreference(): ThemePreference {
  const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

export function resolveTheme(pref: ThemePreference): 'light' | 'dark' {
  if (pref !== 'auto') return pref;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Applies a preference to the document and remembers it in this browser. */
export function applyTheme(pref: ThemePreference): void {
  if (typeof localStorage !== 'undefined') {
    if (pref === 'auto') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, pref);
  }
  document.documentElement.dataset.theme = resolveTheme(pref);
}

/** Coder stores "" for "follow the system". */
export const fromServerPreference = (value: string | undefined): ThemePreference =>
  value === 'light' || value === 'dark' ? value : 'auto';
