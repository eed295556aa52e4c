/** The agent's own diagnostic log (pino-compatible surface); script output is data and goes to LogSender. */
import pino from 'pino';

export interface AgentLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): AgentLogger;
}

export function createLogger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'info'): AgentLogger {
  return pino({ level, base: { component: 'agent' }, redact: ['token', '*.token'] }, pino.destination(2));
}

export const silentLogger: AgentLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

export const errMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
