import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@warren/sdk';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../config/options';
import { startServer } from '../main';

const log = pino({ level: 'silent' });
const OWNER = { email: 'o@example.com', username: 'o', password: 'Emb3dded-Passw0rd!' };

describe('the built-in PostgreSQL server', () => {
  it('keeps data across restarts and refuses a second server on the same folder', async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), 'warren-embedded-cfg-'));
    const config = resolveServerConfig({ 'http-address': '127.0.0.1:0', 'global-config': configDir, 'provisioner-daemons': '0' });

    const first = await startServer(config, log);
    await new Client(first.url).createFirstUser(OWNER);
    await expect(startServer(config, log)).rejects.toThrow(/Another Warren server \(pid \d+\) is using the built-in PostgreSQL data folder/);
    await first.close();
    expect(readdirSync(path.join(configDir, 'postgres'))).not.toContain('warren.lock');

    const second = await startServer(config, log);
    try {
      const anon = new Client(second.url);
      expect(await anon.hasFirstUser()).toBe(true);
      const { session_token } = await anon.login(OWNER.email, OWNER.password);
      expect((await new Client(second.url, { sessionToken: session_token }).user()).username).toBe('o');
    } finally {
      await second.close();
    }
  });
});
