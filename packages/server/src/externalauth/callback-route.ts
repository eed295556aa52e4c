/**
 * `GET /external-auth/{provider}/callback`, the browser's side of linking an account: without a
 * `code` it sends the signed-in browser to the provider (state and PKCE verifier kept in
 * short-lived cookies on this path); with one it checks the state, trades the code for tokens,
 * stores them for the user and sends the browser to the dashboard's page for the provider. A browser
 * without a session goes to the sign-in page first and comes back here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateToken, tokenFromRequest } from '../auth/authenticate';
import { setAuthCookie } from '../auth/cookies';
import type { Actor } from '../authz/policy';
import type { ServerContext } from '../context';
import { upsertExternalAuthLink } from '../db/queries/external-auth-links';
import { ApiError, badRequest } from '../http/errors';
import { authorizationUrl, exchangeCode } from './oauth';
import { fromProvider, providerById } from './service';

const FLOW_COOKIES = { state: 'oauth_state', verifier: 'oauth_pkce_verifier', redirect: 'oauth_redirect' } as const;
const FLOW_LIFETIME_MS = 10 * 60_000;

type CallbackRequest = FastifyRequest<{
  Params: { provider: string };
  Querystring: { code?: string; state?: string; redirect?: string; error?: string; error_description?: string };
}>;

const random = () => randomBytes(32).toString('base64url');
const callbackPath = (id: string) => `/external-auth/${encodeURIComponent(id)}/callback`;
/** A path on this site only (no other host, no `//`). */
const localPath = (target: string | undefined) => (target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : undefined);

async function signedIn(ctx: ServerContext, req: FastifyRequest): Promise<Actor | undefined> {
  try {
    return await authenticateToken(ctx, tokenFromRequest(req));
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthorized') return undefined;
    throw err;
  }
}

export function registerExternalAuthCallback(app: FastifyInstance, ctx: ServerContext): void {
  const callback = async (req: CallbackRequest, reply: FastifyReply) => {
    const config = providerById(ctx, req.params.provider);
    const path = callbackPath(config.id);
    const actor = await signedIn(ctx, req);
    if (!actor) return reply.redirect(`/login?${new URLSearchParams({ redirect: req.url })}`, 307);
    const q = req.query;
    const expires = new Date(ctx.clock().getTime() + FLOW_LIFETIME_MS);
    const flowCookie = (name: string, value: string, until = expires) => setAuthCookie(ctx, req, reply, name, value, until, path);
    const redirectUri = new URL(path, ctx.accessUrl).toString();
    if (q.error) throw badRequest(`${config.displayName} refused the authorization: ${q.error}.`, q.error_description);
    if (!q.code) {
      const state = random();
      const verifier = random();
      flowCookie(FLOW_COOKIES.state, state);
      flowCookie(FLOW_COOKIES.verifier, verifier);
      flowCookie(FLOW_COOKIES.redirect, localPath(q.redirect) ?? '');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      return reply.redirect(authorizationUrl(config, redirectUri, state, challenge).toString(), 307);
    }
    const state = req.cookies[FLOW_COOKIES.state];
    if (!state) throw badRequest(`Cookie "${FLOW_COOKIES.state}" must be provided: start again from the provider's page.`);
    if (q.state !== state) throw badRequest('State mismatched.');
    const verifier = req.cookies[FLOW_COOKIES.verifier] ?? '';
    const tokens = await fromProvider(() => exchangeCode(config, q.code!, redirectUri, verifier, ctx.clock()), `link your ${config.displayName} account`);
    await upsertExternalAuthLink(ctx.db, ctx.tokenCipher, config.id, actor.userId, tokens, ctx.clock());
    const back = localPath(req.cookies[FLOW_COOKIES.redirect]) ?? `/external-auth/${encodeURIComponent(config.id)}?redirected=true`;
    for (const name of Object.values(FLOW_COOKIES)) flowCookie(name, '', new Date(0));
    return reply.redirect(back, 307);
  };

  app.get('/external-auth/:provider/callback', { config: { public: true } }, async (req: CallbackRequest, reply) => {
    try {
      return await callback(req, reply);
    } catch (err) {
      // A browser comes back to the provider's page, which says why; API clients get Coder's JSON.
      if (!(err instanceof ApiError) || err.code === 'not_found' || !/\btext\/html\b/.test(req.headers.accept ?? '')) throw err;
      const sentence = err.detail ? `${err.message} ${err.detail}` : err.message;
      return reply.redirect(`/external-auth/${encodeURIComponent(req.params.provider)}?${new URLSearchParams({ redirected: 'true', error: sentence })}`, 303);
    }
  });
}
