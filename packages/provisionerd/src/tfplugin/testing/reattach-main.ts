// Serves the example provider in reattach mode and prints TF_REATTACH_PROVIDERS, then stays up:
// a stand-in for a daemon in the middle of a job, for tests that kill it.
import { serveReattach } from '../reattach.js';
import { exampleProvider } from './example-provider.js';

const server = await serveReattach(exampleProvider());
process.stdout.write(`${server.env.TF_REATTACH_PROVIDERS}\n`);
setInterval(() => undefined, 60_000);
