/**
 * Logging in with an external auth provider in a window of its own: the create-workspace page
 * opens `/external-auth/<id>` in a popup and polls while it is open; the popup's page, once
 * authenticated, tells its opener and closes itself.
 */
import { useEffect, useRef, useState } from 'react';

const LINKED_MESSAGE = 'warren:external-auth-linked';
/** How long a page polls for a login window it cannot see close (a blocked popup). */
const MAX_POLL_MS = 5 * 60_000;

/** The window that opened this one, when it is a page of this dashboard (never another site's). */
export function dashboardOpener(): Window | null {
  try {
    const opener = window.opener as Window | null;
    return opener && opener !== window && opener.location.origin === window.location.origin ? opener : null;
  } catch {
    return null; // another origin: reading its location throws
  }
}

/** Tells the dashboard page that opened this window that the provider is linked. */
export function notifyOpener(opener: Window, provider: string): void {
  opener.postMessage({ type: LINKED_MESSAGE, provider }, window.location.origin);
}

/**
 * Opens login windows; `polling` is true while one is open (at most five minutes). `onChange` runs
 * when a window reports a link and when the last one closes, so the caller refetches at once.
 */
export function useExternalAuthLoginWindow(onChange: () => void): { open: (url: string) => void; polling: boolean } {
  const [loginWindow, setLoginWindow] = useState<{ window: Window | null; openedAt: number }>();
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const listener = (e: MessageEvent) => {
      if (e.origin === window.location.origin && (e.data as { type?: unknown } | null)?.type === LINKED_MESSAGE) changed.current();
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, []);

  useEffect(() => {
    if (!loginWindow) return;
    const timer = setInterval(() => {
      if (loginWindow.window?.closed || Date.now() - loginWindow.openedAt > MAX_POLL_MS) {
        setLoginWindow(undefined);
        changed.current();
      }
    }, 500);
    return () => clearInterval(timer);
  }, [loginWindow]);

  const open = (url: string) => {
    setLoginWindow({ window: window.open(url, '_blank', 'width=900,height=600'), openedAt: Date.now() });
  };
  return { open, polling: loginWindow !== undefined };
}
