import { describe, expect, it } from 'vitest';
import { queryName } from './collectors';

describe('queryName', () => {
  it('names a statement by its verb and first table, so series stay few', () => {
    expect(queryName('SELECT value FROM site_configs WHERE key = $1')).toBe('SELECT site_configs');
    expect(queryName(`UPDATE workspace_agents SET x = 1\n WHERE id = $1`)).toBe('UPDATE workspace_agents');
    expect(queryName('insert into provisioner_jobs (id) values ($1)')).toBe('INSERT provisioner_jobs');
    expect(queryName('DELETE FROM api_keys WHERE id = $1')).toBe('DELETE api_keys');
    expect(queryName('SELECT 1')).toBe('SELECT');
    expect(queryName('BEGIN')).toBe('BEGIN');
  });
});
