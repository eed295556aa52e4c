import { describe, expect, it } from 'vitest';
import { tarOf } from '@warren/node-kit/archive/tar-fixture.testkit';
import { parseTemplate } from './template-variables.js';

describe('parseTemplate', () => {
  it('reads variables with their types, defaults and sensitivity, and static workspace tags', async () => {
    const parsed = await parseTemplate(
      await tarOf({
        'main.tf': 'variable "dir" {\n  type = string\n  default = "/tmp"\n  description = "Where"\n}\nvariable "count" { type = number }\n',
        'vars.tf': 'variable "secret" {\n  sensitive = true\n}\nvariable "on" {\n  type = bool\n  default = false\n}\n' +
          'data "coder_workspace_tags" "t" {\n  tags = { "zone" = "eu", "size" = var.count }\n}\n',
        'modules/x/ignored.tf': 'variable "inner" {}\n',
        'README.md': '# not terraform',
      }),
    );
    expect(parsed.variables).toEqual([
      { name: 'count', description: '', type: 'number', defaultValue: '', required: true, sensitive: false },
      { name: 'dir', description: 'Where', type: 'string', defaultValue: '/tmp', required: false, sensitive: false },
      { name: 'on', description: '', type: 'bool', defaultValue: 'false', required: false, sensitive: false },
      { name: 'secret', description: '', type: 'string', defaultValue: '', required: true, sensitive: true },
    ]);
    expect(parsed.workspaceTags).toEqual({ zone: 'eu' });
  });

  it('rejects HCL that does not parse', async () => {
    await expect(parseTemplate(await tarOf({ 'main.tf': 'variable "x" {' }))).rejects.toThrow();
  });
});
