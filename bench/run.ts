/** Runs the benchmarks named on the command line (all when none): `npm run bench [-- name ...]`. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'support.ts'].includes(f))
  .map((f) => f.slice(0, -3));
const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : all) {
  if (!all.includes(name)) throw new Error(`No benchmark "${name}"; available: ${all.join(', ')}`);
  console.log(`\n## ${name}`);
  await import(`./${name}.ts`);
}
