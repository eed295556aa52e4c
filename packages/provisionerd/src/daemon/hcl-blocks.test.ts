import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelBlocks } from './hcl-blocks.js';
import { isBlockRead } from './template-variables.js';

const isVariable = (header: string) => header.startsWith('variable ');
const headersOf = (source: string) => {
  const seen: string[] = [];
  topLevelBlocks(source, (header) => (seen.push(header), false));
  return seen;
};

/** What the template parse step reads of a parsed file. */
const readPart = (parsed: Record<string, any>) => ({ variable: parsed.variable, tags: parsed.data?.coder_workspace_tags });

/** The blocks picked out parse to what the whole file parses to, as far as variables and tags go. */
async function expectSameReading(source: string): Promise<void> {
  const blocks = topLevelBlocks(source, isBlockRead);
  expect(blocks).toBeDefined();
  expect(readPart(await parse('picked.tf', blocks!))).toEqual(readPart(await parse('whole.tf', source)));
}

describe('topLevelBlocks', () => {
  it('finds each top-level block by its header, past strings, templates, heredocs and comments that hold braces', () => {
    const source = [
      '# variable "commented" {',
      'locals {',
      '  a = "}${jsonencode({ b = "}" })}\\"{"',
      '  c = <<-EOT',
      '    variable "in_heredoc" {',
      '    ${ "}" }',
      '    EOT',
      '  d = "$${not_a_template"',
      '  /* } */ e = [1, { f = "%{ if true }}%{ endif }" }]',
      '}',
      'variable "region" { default = "eu" } // {',
      'data "coder_workspace_tags" "t" {',
      '  tags = { zone = "eu" }',
      '}',
    ].join('\n');
    expect(headersOf(source)).toEqual(['locals', 'variable "region"', 'data "coder_workspace_tags" "t"']);
    expect(topLevelBlocks(source, isVariable)).toBe('variable "region" { default = "eu" }');
  });

  it('answers undefined for a file it does not follow', () => {
    for (const broken of ['variable "x" {', 'locals {\n  a = "unterminated\n}\n', '}\nvariable "x" {}', 'locals {\n  a = <<EOT\nno end\n}\n', 'locals { a = (1 }']) {
      expect(topLevelBlocks(broken, isVariable), broken).toBeUndefined();
    }
  });

  it('reads the variables and tags of every template in this repository and the fixtures as the whole-file parse does', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const repository = path.resolve(here, '../../../..');
    const own = ['examples', 'test/fixtures'].flatMap((folder) => tfFiles(path.join(repository, folder)));
    expect(own.length).toBeGreaterThanOrEqual(6);
    // Coder's own test templates, when the shared fixtures sit beside the repository.
    const files = [...own, ...tfFiles(path.resolve(repository, '../shared/fixtures'))];
    for (const file of files) await expectSameReading(readFileSync(file, 'utf8'));
  });

  it('reads generated files as the whole-file parse does', async () => {
    await fc.assert(fc.asyncProperty(hclFile(), expectSameReading), { numRuns: 150, seed: 20261206 });
  });
});

function tfFiles(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = path.join(root, name);
    if (name === 'node_modules') return [];
    if (statSync(full).isDirectory()) return tfFiles(full);
    return name.endsWith('.tf') ? [full] : [];
  });
}

/** Text that tries the scanner: braces, quotes, fake headers and template sequences. */
const trickyText = fc.array(
  fc.constantFrom('a', ' ', '{', '}', '[', ']', '\\"', '\\\\', '$${x}', '%%{x}', '#', '//', '/*', '*/', 'variable \\"v\\" {', '<<EOT', 'é'),
  { maxLength: 8 },
).map((parts) => parts.join(''));

const template = fc.oneof(
  trickyText.map((text) => `"${text}"`),
  trickyText.map((text) => `"${text}\${"}" == "{" ? "${text}" : "x"}"`),
  trickyText.map((text) => `"%{ if true }${text}%{ endif }"`),
  trickyText.map((text) => `<<-EOT\n  ${text.replaceAll('\\"', '"').replaceAll('\\\\', '\\')}\n  EOT\n`),
);
const value = fc.oneof(template, fc.integer().map(String), fc.constant('true'), template.map((t) => `{\n k = ${t}\n "q" = [1, 2]\n}`));
const comment = trickyText.map((text) => fc.sample(fc.constantFrom(`# ${text}\n`, `// ${text}\n`, `/* ${text.replaceAll('*/', '')} */\n`), 1)[0]!);
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);

const variableBlock = fc.record({ name, description: template, value, sensitive: fc.boolean(), comment }).map(
  (v) => `variable "${v.name}" {\n  ${v.comment}  description = ${v.description}\n  default = ${v.value}\n  sensitive = ${v.sensitive}\n}\n`,
);
const otherBlock = fc.record({ name, value, comment }).map(
  (b) => `resource "null_resource" "${b.name}" {\n  triggers = {\n v = ${b.value}\n }\n  ${b.comment}  provisioner "local-exec" {\n    command = ${b.value}\n  }\n}\n`,
);
const tagsBlock = fc.record({ name, value }).map((t) => `data "coder_workspace_tags" "${t.name}" {\n  tags = {\n    "zone" = "eu"\n    "other" = ${t.value}\n  }\n}\n`);
const hclFile = () => fc.array(fc.oneof(variableBlock, otherBlock, tagsBlock, comment), { maxLength: 6 }).map((blocks) => blocks.join('\n'));
