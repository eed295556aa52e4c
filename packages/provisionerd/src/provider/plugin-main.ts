// Entry point of the coder provider as a plugin process (the filesystem-mirror package bundles
// it): terraform starts it, and the provider reads terraform's environment, which it inherits.
import { servePluginProcess } from '../tfplugin/plugin-process.js';
import { coderProvider } from './provider.js';

servePluginProcess(coderProvider()).catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ '@level': 'error', '@message': 'the coder provider could not start', error: String(error) })}\n`);
  process.exit(1);
});
