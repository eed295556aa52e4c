import { describe, expect, it } from 'vitest';
import { ArchiveError } from './archive-error.js';
import { buildTar } from './tar-fixture.testkit.js';
import { requireTopLevelTerraformFiles, validateTemplateArchive } from './validate-template-archive.js';

async function refusal(bytes: Uint8Array): Promise<ArchiveError> {
  const error = await validateTemplateArchive(bytes).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ArchiveError);
  return error as ArchiveError;
}

describe('validateTemplateArchive', () => {
  it('summarises a valid template', async () => {
    const summary = await validateTemplateArchive(
      await buildTar([
        { name: 'main.tf', content: 'terraform {}' },
        { name: 'mod/', type: 'directory' },
        { name: 'mod/x.tf.json', content: '{}' },
      ]),
    );
    expect(summary).toEqual({ files: ['main.tf', 'mod/x.tf.json'], entryCount: 3, totalBytes: 14 });
    expect(() => requireTopLevelTerraformFiles(summary)).not.toThrow();
  });

  it('accepts .tf.json at the top level', async () => {
    const summary = await validateTemplateArchive(await buildTar([{ name: './main.tf.json', content: '{}' }]));
    expect(() => requireTopLevelTerraformFiles(summary)).not.toThrow();
  });

  it('requires Terraform files at the top level', async () => {
    const summary = await validateTemplateArchive(
      await buildTar([
        { name: 'README.md', content: '# hi' },
        { name: 'sub/main.tf', content: '' },
      ]),
    );
    expect(() => requireTopLevelTerraformFiles(summary)).toThrow(/no Terraform files/);
  });

  it('explains what is not a tar archive', async () => {
    expect((await refusal(new Uint8Array())).message).toBe('The archive is empty.');
    expect((await refusal(Uint8Array.from([0x1f, 0x8b, 8, 0]))).message).toMatch(/gzip/);
    expect((await refusal(Buffer.from('PK\u0003\u0004rest'))).message).toMatch(/zip file/);
    const garbage = await refusal(Buffer.from('x'.repeat(2048)));
    expect(garbage.code).toBe('not_tar');
    expect(garbage.message).toMatch(/^The file is not a valid tar archive/);
  });

  it('refuses a truncated archive', async () => {
    const bytes = await buildTar([{ name: 'main.tf', content: 'x'.repeat(2000) }]);
    expect((await refusal(bytes.subarray(0, 1024))).code).toBe('not_tar');
  });

  it('applies the same safety rules as extraction', async () => {
    expect((await refusal(await buildTar([{ name: '../x.tf', content: '' }]))).code).toBe('unsafe_path');
  });
});
