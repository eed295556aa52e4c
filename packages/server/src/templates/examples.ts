import { readdir, readFile } from 'node:fs/promises';
import { packDirectory } from '@warren/node-kit/archive/pack-directory';
import { MAX_FILE_UPLOAD_BYTES } from '@warren/sdk';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateExample } from '@warren/sdk';

/** The starter templates of this checkout (examples/templates), each described by its README's front matter. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../../examples/templates', import.meta.url));

/** Reads `key: value` and `key: [a, b]` lines of a README's front matter; the rest is the markdown. */
export function parseReadme(text: string): { meta: Record<string, string | string[]>; markdown: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, markdown: text };
  const meta: Record<string, string | string[]> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const sep = line.indexOf(':');
    if (sep <= 0) continue;
    const key = line.slice(0, sep).trim();
    const raw = line.slice(sep + 1).trim();
    const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');
    meta[key] = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1).split(',').map(unquote).filter(Boolean) : unquote(raw);
  }
  return { meta, markdown: text.slice(m[0].length) };
}

/** Every example folder with a README.md and a main.tf; none when the folder is missing (e.g. a packaged binary). */
export async function listTemplateExamples(dir = EXAMPLES_DIR): Promise<TemplateExample[]> {
  const names = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const examples: TemplateExample[] = [];
  for (const entry of names.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const readme = await readFile(path.join(dir, entry.name, 'README.md'), 'utf8').catch(() => undefined);
    const hasMain = await readFile(path.join(dir, entry.name, 'main.tf')).then(() => true, () => false);
    if (readme === undefined || !hasMain) continue;
    const { meta, markdown } = parseReadme(readme);
    const str = (k: string) => (typeof meta[k] === 'string' ? (meta[k] as string) : '');
    examples.push({
      id: entry.name,
      url: '',
      name: str('display_name') || entry.name,
      description: str('description'),
      icon: str('icon'),
      tags: Array.isArray(meta.tags) ? meta.tags : [],
      markdown,
    });
  }
  return examples;
}

/** The tar archive of a starter template, by its id; undefined for an id that names none. */
export async function exampleArchive(id: string, dir = EXAMPLES_DIR): Promise<Buffer | undefined> {
  if (!(await listTemplateExamples(dir)).some((e) => e.id === id)) return undefined;
  return packDirectory(path.join(dir, id), MAX_FILE_UPLOAD_BYTES);
}
