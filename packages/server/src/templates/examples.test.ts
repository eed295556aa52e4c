import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, listTemplateExamples, parseReadme } from './examples';

describe('template examples', () => {
  it('reads front matter fields, quoted values and tag lists', () => {
    const { meta, markdown } = parseReadme('---\ndisplay_name: "Local processes"\ntags: [local, "linux"]\nicon: /icon/x.svg\n---\n\n# Title\n');
    expect(meta).toEqual({ display_name: 'Local processes', tags: ['local', 'linux'], icon: '/icon/x.svg' });
    expect(markdown).toBe('\n# Title\n');
    expect(parseReadme('# No front matter').meta).toEqual({});
  });

  it('lists folders that have a README and a main.tf, and nothing for a missing folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'examples-'));
    mkdirSync(path.join(dir, 'good'));
    writeFileSync(path.join(dir, 'good', 'README.md'), '---\ndisplay_name: Good\ndescription: d\n---\nbody');
    writeFileSync(path.join(dir, 'good', 'main.tf'), 'terraform {}');
    mkdirSync(path.join(dir, 'no-main'));
    writeFileSync(path.join(dir, 'no-main', 'README.md'), '# x');
    expect(await listTemplateExamples(dir)).toEqual([
      { id: 'good', url: '', name: 'Good', description: 'd', icon: '', tags: [], markdown: 'body' },
    ]);
    expect(await listTemplateExamples(path.join(dir, 'missing'))).toEqual([]);
    expect((await listTemplateExamples(EXAMPLES_DIR)).map((e) => e.id)).toContain('local');
  });
});
