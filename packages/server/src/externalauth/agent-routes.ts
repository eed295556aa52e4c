/**
 * `GET /api/v2/workspaceagents/me/external-auth` (and the legacy `/gitauth`): a workspace agent
 * asks for its owner's token of a provider, by id or by the URL git asks credentials for. Without
 * a usable token it answers where the owner must go to authenticate; with `listen` it waits for
 * the owner to do so, checking the link every second.
 */
import type { ExternalAuthResponse } from '@warren/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateAgent } from '../agents/agent-auth';
import type { ExternalAuthConfig } from '../config/external-auth-options';
import type { ServerContext } from '../context';
import { getExternalAuthLink, type ExternalAuthLinkRow } from '../db/queries/external-auth-links';
import { ApiError, badRequest } from '../http/errors';
import { authenticateUrl, fromProvider, tokenAnswer } from './service';
import { checkLink, isExpired } from './tokens';

type AgentQuery = { match?: string; url?: string; id?: string; listen?: string };

const POLL_MS = 1000;
/** A listen answers 503 after this long without a token; git's askpass asks again. */
const LISTEN_LIMIT_MS = 5 * 60_000;

function providerFor(ctx: ServerContext, query: AgentQuery): ExternalAuthConfig {
  const match = query.match || query.url || '';
  const id = query.id ?? '';
  if (!match && !id) throw badRequest("'url' or 'id' must be provided!");
  if (match && id) throw badRequest("'url' and 'id' cannot be provided together!");
  const found = id ? ctx.externalAuth.find((c) => c.id === id) : ctx.externalAuth.findLast((c) => c.regex?.test(match));
  if (found) return found;
  const regexes = ctx.externalAuth.filter((c) => c.regex).map((c) => `${c.id}=${JSON.stringify(c.regexText)}`);
  throw new ApiError(
    'not_found',
    id ? `No external auth provider with the id "${id}" is configured.` : `No matching external auth provider found in Coder for the url "${match}".`,
    regexes.length ? `The configured external auth providers have regex filters that do not match the url. Provider url regex: ${regexes.join(',')}` : 'External auth provider not found.',
  );
}

/** The token when the link's is usable; undefined when the owner has to authenticate. */
async function usableToken(ctx: ServerContext, config: ExternalAuthConfig, link: ExternalAuthLinkRow | undefined): Promise<ExternalAuthResponse | undefined> {
  if (!link) return undefined;
  const checked = await checkLink(ctx, config, link);
  return 'link' in checked ? tokenAnswer(config, checked) : undefined;
}

const sameTokens = (a: ExternalAuthLinkRow | undefined, b: ExternalAuthLinkRow | undefined) =>
  a !== undefined && b !== undefined && a.oauth_access_token === b.oauth_access_token && a.oauth_refresh_token === b.oauth_refresh_token && a.oauth_expiry?.getTime() === b.oauth_expiry?.getTime();

/** Waits for a link whose token is new and usable (a token found unusable is not checked again). */
async function listen(ctx: ServerContext, req: FastifyRequest, config: ExternalAuthConfig, ownerId: string, seen: ExternalAuthLinkRow | undefined): Promise<ExternalAuthResponse> {
  const deadline = Date.now() + LISTEN_LIMIT_MS;
  let last = seen;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (req.raw.destroyed || req.raw.socket?.destroyed) throw new ApiError('unavailable', 'The agent stopped listening.');
    const link = await getExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, ownerId);
    if (!link || isExpired(link, ctx.clock()) || sameTokens(link, last)) continue;
    last = link;
    const answer = await usableToken(ctx, config, link).catch((err: unknown) => {
      ctx.log.warn({ err, provider: config.id }, 'an external auth token could not be checked while an agent waited for it');
      return undefined;
    });
    if (answer) return answer;
  }
  throw new ApiError('unavailable', `No usable ${config.displayName} token after ${LISTEN_LIMIT_MS / 60_000} minutes of waiting; ask again.`);
}

export function registerExternalAuthAgentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const handler = async (req: FastifyRequest<{ Querystring: AgentQuery }>): Promise<ExternalAuthResponse> => {
    const agent = await authenticateAgent(ctx, req);
    const config = providerFor(ctx, req.query);
    const link = await getExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, agent.owner_id);
    const answer = await fromProvider(() => usableToken(ctx, config, link), `check the ${config.displayName} token`);
    if (answer) return answer;
    if (req.query.listen === undefined) return { url: authenticateUrl(ctx, config.id) };
    return listen(ctx, req, config, agent.owner_id, link);
  };
  app.get('/api/v2/workspaceagents/me/external-auth', { config: { public: true } }, handler);
  app.get('/api/v2/workspaceagents/me/gitauth', { config: { public: true } }, handler);
}
