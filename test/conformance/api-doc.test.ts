import { describe, expect, it } from 'vitest';
import { documentedRoutes } from './api-doc';

const doc = (...cells: string[]) => documentedRoutes(cells.map((c) => `| ${c} | notes |`).join('\n'));

describe('documentedRoutes', () => {
  it('reads methods, parameters and queries', () => {
    expect([...doc('`GET/POST /api/v2/users/first`', '`GET /api/v2/templates/{id}/daus?tz_offset=`')]).toEqual([
      'GET /api/v2/users/first',
      'POST /api/v2/users/first',
      'GET /api/v2/templates/{}/daus',
    ]);
  });
  it('expands optional segments and alternatives', () => {
    expect([...doc('`PUT /api/v2/users/{user}/status/{activate,suspend}`', '`GET /api/v2/provisionerjobs[/{id}]`')]).toEqual([
      'PUT /api/v2/users/{}/status/activate',
      'PUT /api/v2/users/{}/status/suspend',
      'GET /api/v2/provisionerjobs',
      'GET /api/v2/provisionerjobs/{}',
    ]);
  });
  it('resolves spans written relative to the one before', () => {
    expect([...doc('`GET /api/v2/organizations`, `/organizations/{org}`, `.../members`', '`GET /api/v2/users/{user}/keys/tokens/tokenconfig`, `.../tokens/{name}`')]).toEqual([
      'GET /api/v2/organizations',
      'GET /api/v2/organizations/{}',
      'GET /api/v2/organizations/members',
      'GET /api/v2/users/{}/keys/tokens/tokenconfig',
      'GET /api/v2/users/{}/keys/tokens/{}',
    ]);
  });
  it('ignores prose, and rows that are not routes', () => {
    expect([...doc('`GET`', 'plain words')]).toEqual([]);
  });
});
