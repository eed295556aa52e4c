import { parse } from '@cdktf/hcl2json';
import type { TemplateVariable } from '@warren/sdk/provisionerd';
import { readArchive } from '@warren/node-kit/archive/read-archive';
import { topLevelBlocks } from './hcl-blocks.js';

export interface ParsedTemplate {
  variables: TemplateVariable[];
  /** Static values of `data "coder_workspace_tags"` blocks; expressions are left out. */
  workspaceTags: Record<string, string>;
}

interface VariableBlock {
  type?: string;
  default?: unknown;
  description?: string;
  sensitive?: boolean;
}

/**
 * Reads the template's top-level `.tf` files as Coder's parse step does: its input variables
 * (type, default, whether required) and its static workspace tags. HCL is parsed by HashiCorp's
 * own parser compiled to WebAssembly (@cdktf/hcl2json).
 */
export async function parseTemplate(archive: Uint8Array): Promise<ParsedTemplate> {
  const entries = await readArchive(archive);
  const variables = new Map<string, TemplateVariable>();
  const workspaceTags: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.kind !== 'file' || entry.path.includes('/') || !entry.path.endsWith('.tf')) continue;
    const parsed = await parseBlocksRead(entry.path, entry.content.toString('utf8'));
    for (const [name, [block]] of Object.entries(parsed.variable ?? {})) {
      if (block) variables.set(name, toVariable(name, block));
    }
    for (const blocks of Object.values(parsed.data?.coder_workspace_tags ?? {})) {
      for (const [key, value] of Object.entries(blocks[0]?.tags ?? {})) {
        if (typeof value === 'string' && !value.includes('${')) workspaceTags[key] = value;
      }
    }
  }
  return { variables: [...variables.values()].sort((a, b) => a.name.localeCompare(b.name)), workspaceTags };
}

interface ParsedBlocks {
  variable?: Record<string, VariableBlock[]>;
  data?: { coder_workspace_tags?: Record<string, Array<{ tags?: Record<string, unknown> }>> };
}

/** Whether a top-level block header (`variable "region"`) names a block read here. */
export const isBlockRead = (header: string): boolean => /^(variable|data "coder_workspace_tags")[ "]/.test(header);

/**
 * Parses the blocks read here: only those when the scanner picks them out (the parser's time
 * grows with the text it reads), the whole file when it cannot or when they alone do not parse.
 */
async function parseBlocksRead(file: string, text: string): Promise<ParsedBlocks> {
  const blocks = topLevelBlocks(text, isBlockRead);
  if (blocks === '') return {};
  if (blocks !== undefined) {
    const parsed = await (parse(file, blocks) as Promise<ParsedBlocks>).catch(() => undefined);
    if (parsed) return parsed;
  }
  return (await parse(file, text)) as ParsedBlocks;
}

function toVariable(name: string, block: VariableBlock): TemplateVariable {
  const declared = (block.type ?? '').replace(/^\$\{(.*)\}$/, '$1');
  const type: TemplateVariable['type'] = declared === 'number' ? 'number' : declared === 'bool' ? 'bool' : 'string';
  const hasDefault = 'default' in block && block.default !== null;
  return {
    name,
    description: block.description ?? '',
    type,
    defaultValue: !hasDefault ? '' : typeof block.default === 'string' ? block.default : JSON.stringify(block.default),
    required: !hasDefault,
    sensitive: block.sensitive ?? false,
  };
}
