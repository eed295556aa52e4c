/**
 * Git's askpass (GIT_ASKPASS is this program in every workspace): git runs it with one argument,
 * "Username for 'https://github.com': " or "Password for 'https://user@github.com': ", and reads
 * the answer from stdout. The answer is the workspace owner's token of the external auth provider
 * whose regex matches the URL; when the owner has not authenticated yet, the URL to do so is shown
 * and the command waits until they have. No matching provider: git's own prompting goes on.
 */
import { ApiError } from '@warren/sdk';
import { agentClientFrom } from './agent-client';
import { CliError, type CliIO } from './io';

/** Whether git started this program as its askpass (its prompt as the only argument, GIT_PREFIX set). */
export function isGitAskpass(argv: string[], env: Record<string, string | undefined>): boolean {
  return argv.length === 1 && /^(Username|Password) /.test(argv[0]!) && env.GIT_PREFIX !== undefined;
}

/** The user named in the prompt's URL (Password prompts) and the URL without it (git's never has a path). */
export function parseAskpassPrompt(prompt: string): { user: string; url: string } {
  const words = prompt.trim().split(/\s+/);
  if (words.length < 3) throw new CliError(`askpass prompt must contain 3 words; got ${words.length}: "${prompt}"`);
  const text = words[2]!.replace(/^["']+|["':]+$/g, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`askpass prompt names "${text}", which is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`unsupported scheme: "${url.protocol.replace(/:$/, '')}"`);
  const user = decodeURIComponent(url.username);
  url.username = '';
  url.password = '';
  return { user, url: url.origin };
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

export async function runGitAskpass(prompt: string, io: CliIO): Promise<number> {
  const { user, url } = parseAskpassPrompt(prompt);
  const client = agentClientFrom(io.env);
  let token;
  try {
    token = await client.workspaceAgentExternalAuth({ match: url });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    const lines = [err.response.message, err.response.detail].filter(Boolean).map((l) => `  ${l}`);
    io.stderr.write(`Coder was unable to handle this git request. The default git behavior will be used instead.\n${lines.join('\n')}\n`);
    throw new CliError('', 1);
  }
  if (token.url) {
    io.stderr.write(`Open the following URL to authenticate with Git:\n${token.url}\n`);
    for (let delay = RETRY_MIN_MS; ; delay = Math.min(delay * 2, RETRY_MAX_MS)) {
      try {
        token = await client.workspaceAgentExternalAuth({ match: url, listen: true });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    io.stderr.write("You've been authenticated with Git!\n");
  }
  // GitLab and Bitbucket have a user name and a password; others take the token as either.
  const answer = token.password ? (user ? token.password : token.username) : token.username;
  io.stdout.write(`${answer ?? ''}\n`);
  return 0;
}
