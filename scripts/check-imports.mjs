// Checks every TypeScript file under packages/ against the import rules in .dependency-cruiser.cjs
// (docs/architecture.md's direction, and no cycles). Exits 1 with each violation named.
// Usage: node scripts/check-imports.mjs
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path.relative(root, p)] : [];
  });
}

const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs'));
const files = sources('packages');
const result = await cruise(files, { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true, outputType: 'err' });
if (result.exitCode > 0) {
  process.stdout.write(result.output);
  process.exit(1);
}
console.log(`imports follow docs/architecture.md: ${files.length} files checked`);
