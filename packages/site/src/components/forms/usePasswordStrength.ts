import { useEffect, useState } from 'react';

export type PasswordCheck = (password: string) => Promise<{ valid: boolean; details: string }>;

/**
 * The server's verdict on a password being typed (Coder's `/users/validate-password`), asked once
 * typing pauses: a sentence when it is too weak, undefined otherwise or until the answer comes.
 */
export function usePasswordStrength(password: string, check: PasswordCheck | undefined, pauseMs = 300): string | undefined {
  const [verdict, setVerdict] = useState<{ password: string; weakness?: string }>();
  useEffect(() => {
    if (!check || !password) return;
    let live = true;
    const timer = setTimeout(() => {
      check(password).then(
        (r) => live && setVerdict({ password, weakness: r.valid ? undefined : r.details }),
        () => undefined, // the server checks again on submit
      );
    }, pauseMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, check, pauseMs]);
  return verdict?.password === password ? verdict.weakness : undefined;
}
