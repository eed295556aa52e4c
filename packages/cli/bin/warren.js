#!/usr/bin/env node
// Entry point of the `warren` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/main.ts');
const { processIO } = await import('../src/io.ts');
const code = await run(process.argv.slice(2), processIO());
// Exit now rather than when idle keep-alive sockets close; stdout and stderr are synchronous here.
process.exit(code);
