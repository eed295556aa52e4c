import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packDirectory, PackError } from './pack-directory';
import { readArchive } from './read-archive';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warren-pack-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('packDirectory', () => {
  it("packs a template's files, sorted, without terraform's working data or version control", async () => {
    const dir = folder({ 'main.tf': 'terraform {}\n', 'b/x.sh': 'echo hi\n', '.terraform/providers/p': 'binary', '.git/HEAD': 'ref', 'terraform.tfstate': '{}' });
    const entries = await readArchive(await packDirectory(dir, 1024 * 1024));
    expect(entries.filter((e) => e.kind === 'file').map((e) => e.path)).toEqual(['b/x.sh', 'main.tf']);
    expect(entries.find((e) => e.path === 'main.tf')).toMatchObject({ content: Buffer.from('terraform {}\n') });
  });

  it('refuses a missing folder and one past the size limit', async () => {
    await expect(packDirectory('/nonexistent/template', 1024)).rejects.toThrow(PackError);
    await expect(packDirectory(folder({ 'main.tf': 'x'.repeat(4096) }), 1024)).rejects.toThrow('larger than');
  });
});
