import type { Client } from '@warren/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorOf, startTestServer, withOwner, type TestServer } from '../../../../test/support/server';

let server: TestServer;
let owner: Client;

beforeAll(async () => {
  server = await startTestServer();
  owner = (await withOwner(server)).client;
});
afterAll(async () => {
  await server?.close();
});

describe('token names', () => {
  it('refuses a second token of the same name at the name field, and reports the lifetime bound', async () => {
    await owner.createToken('me', { token_name: 'ci', lifetime: 7 * 24 * 3600 * 1e9 });
    const taken = await apiErrorOf(owner.createToken('me', { token_name: 'ci' }));
    expect(taken.status).toBe(409);
    expect(taken.response.message).toBe('A token with name "ci" already exists.');
    expect(taken.response.validations).toEqual([{ field: 'name', detail: 'This value is already in use and should be unique.' }]);
    const config = await owner.tokenConfig();
    expect(config.max_token_lifetime).toBeGreaterThan(0);
    const tooLong = await apiErrorOf(owner.createToken('me', { token_name: 'long', lifetime: config.max_token_lifetime + 3600 * 1e9 }));
    expect(tooLong.response.validations?.[0]?.field).toBe('lifetime');
  });
});
