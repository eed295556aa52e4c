/** A job's in-process coder provider alone (see job-providers.ts, which serves each job's providers). */
import { type JobProvider, withJobProviders } from './job-providers.js';

export type { JobProvider } from './job-providers.js';

export function withCoderProvider<T>(body: (provider: JobProvider) => Promise<T>): Promise<T> {
  return withJobProviders(['coder'], body);
}
