import { useState } from 'react';
import { Button } from './Button';

/** Copies a text to the clipboard and says so (the announcement is read out too). */
export function CopyButton({ text, label = 'Copy', variant = 'primary' }: { text: string; label?: string; variant?: 'primary' | 'secondary' }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={variant} onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" aria-live="polite" className="text-sm text-content-muted">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Copying failed: select the text and copy it.' : ''}
      </span>
    </span>
  );
}
