// A template folder is uploaded on its own, so every starter template that offers code-server
// carries a copy of scripts/install-code-server.sh; the copies must not drift from it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const canonical = readFileSync(path.join(ROOT, 'scripts/install-code-server.sh'), 'utf8');
const templates = readdirSync(path.join(ROOT, 'examples/templates')).filter((name) =>
  existsSync(path.join(ROOT, 'examples/templates', name, 'install-code-server.sh')),
);

describe('code-server installer copies in the starter templates', () => {
  it('includes the local template', () => {
    expect(templates).toContain('local');
  });

  it.each(templates)('%s carries the same installer as scripts/', (name) => {
    expect(readFileSync(path.join(ROOT, 'examples/templates', name, 'install-code-server.sh'), 'utf8')).toBe(canonical);
  });

  it.each(templates)('%s embeds its installer in a coder_script', (name) => {
    const tf = readdirSync(path.join(ROOT, 'examples/templates', name))
      .filter((f) => f.endsWith('.tf'))
      .map((f) => readFileSync(path.join(ROOT, 'examples/templates', name, f), 'utf8'))
      .join('\n');
    expect(tf).toMatch(/resource "coder_script"[\s\S]*file\("\$\{path\.module\}\/install-code-server\.sh"\)/);
  });
});
