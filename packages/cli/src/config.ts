import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The CLI's config folder: `url` and `session` files, as Coder's CLI keeps them. */
export class CliConfig {
  constructor(readonly dir: string) {}

  static defaultDir(env: Record<string, string | undefined>): string {
    const xdg = env.XDG_CONFIG_HOME;
    return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config'), 'warren');
  }

  private async read(name: string): Promise<string | undefined> {
    try {
      const text = (await readFile(path.join(this.dir, name), 'utf8')).trim();
      return text || undefined;
    } catch {
      return undefined;
    }
  }

  private async write(name: string, value: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(this.dir, name), value, { mode: 0o600 });
  }

  url = () => this.read('url');
  session = () => this.read('session');
  organization = () => this.read('organization');

  async saveLogin(url: string, session: string): Promise<void> {
    await this.write('url', url);
    await this.write('session', session);
  }

  async clearSession(): Promise<void> {
    await rm(path.join(this.dir, 'session'), { force: true });
  }
}
