/**
 * A git repository with one commit, served over git's dumb HTTP protocol (plain files) to clients
 * whose Basic credentials `accepts` takes; others get 401, which makes git ask its askpass.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>/repo.git` */
  url: string;
  /** An external auth provider's REGEX that matches this server's URLs (and no other host). */
  hostRegex: string;
  /** What the commit's README says. */
  readme: string;
  close(): void;
}

export async function startGitHttpServer(accepts: (user: string, password: string) => Promise<boolean>): Promise<GitHttpServer> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'git-http-'));
  const source = path.join(work, 'source');
  const bare = path.join(work, 'repo.git');
  const readme = 'cloned with a linked account\n';
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  execFileSync('git', ['init', '-q', '-b', 'main', source]);
  execFileSync('sh', ['-c', 'printf "%s" "$README" > README && git add README && git commit -qm first'], { cwd: source, env: { ...env, README: readme } });
  execFileSync('git', ['clone', '-q', '--bare', source, bare]);
  execFileSync('git', ['update-server-info'], { cwd: bare });
  const server = http.createServer((req, res) => {
    const [user = '', password = ''] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    void accepts(user, password).then((ok) => {
      if (!ok) return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      const file = path.resolve(bare, `.${decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/^\/repo\.git/, '')}`);
      try {
        if (!file.startsWith(bare + path.sep)) throw new Error('outside the repository');
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${origin}/repo.git`, hostRegex: `^${origin.replaceAll('.', '\\.')}(/.*)?$`, readme, close: () => server.close() };
}
