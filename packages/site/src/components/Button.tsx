import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-accent text-accent-content hover:opacity-90 border-transparent',
  secondary: 'bg-surface-raised text-content border-border hover:bg-surface-sunken',
  danger: 'bg-danger text-white hover:opacity-90 border-transparent dark:text-surface',
  ghost: 'bg-transparent text-content border-transparent hover:bg-surface-sunken',
};

export function buttonClass(variant: Variant = 'secondary', extra = ''): string {
  return `inline-flex items-center justify-center gap-1.5 rounded-md border px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${extra}`;
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  /** Shows a busy state and disables the button. */
  busy?: boolean;
}

export function Button({ variant = 'secondary', busy = false, className = '', disabled, children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} className={buttonClass(variant, className)} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {children}
    </button>
  );
}
