import pino, { type Logger } from 'pino';

/** JSON logs to stderr (or a file); secrets are redacted by key name. */
export function createLogger(level: string, file?: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['*.password', '*.token', '*.session_token', '*.key', '*.secret', 'headers.cookie', '*["coder-session-token"]'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: file ?? 2, sync: false }),
  );
}
