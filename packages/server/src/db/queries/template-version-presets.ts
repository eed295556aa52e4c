import { randomUUID } from 'node:crypto';
import type { Preset } from '@warren/sdk';
import type { Queryable } from '../database';

export interface PresetRow {
  id: string;
  template_version_id: string;
  position: number;
  name: string;
  parameters: Array<{ name: string; value: string }>;
  is_default: boolean;
  description: string;
  icon: string;
  desired_instances: number | null;
}

export async function insertTemplateVersionPresets(q: Queryable, versionId: string, presets: Preset[]): Promise<void> {
  for (const [position, p] of presets.entries()) {
    await q.query(
      `INSERT INTO template_version_presets (id, template_version_id, position, name, parameters, is_default, description, icon, desired_instances)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        randomUUID(), versionId, position, p.name, JSON.stringify(p.parameters.map(({ name, value }) => ({ name, value }))),
        p.default, p.description, p.icon, p.prebuild?.instances ?? null,
      ],
    );
  }
}

export async function listTemplateVersionPresets(q: Queryable, versionId: string): Promise<PresetRow[]> {
  const { rows } = await q.query<PresetRow>('SELECT * FROM template_version_presets WHERE template_version_id = $1 ORDER BY position', [versionId]);
  return rows;
}
