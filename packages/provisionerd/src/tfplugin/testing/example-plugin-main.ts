// Entry point that serves the example provider as a plugin process, for handshake tests.
import { servePluginProcess } from '../index.js';
import { exampleProvider } from './example-provider.js';

await servePluginProcess(exampleProvider());
