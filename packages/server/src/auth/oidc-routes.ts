/**
 * `GET /api/v2/users/oidc/callback`, Coder's one OIDC route: without a `code` it sends the browser
 * to the provider (state, PKCE verifier and where to return to kept in short-lived cookies); with
 * one it checks the state, exchanges the code, signs the user in with a session cookie and sends
 * the browser back where it came from. A refused sign-in sends a browser to the sign-in page with
 * the reason (`/login?error=`).
 */
import { SESSION_TOKEN_COOKIE } from '@warren/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueKey } from '../apikeys/service';
import type { ServerContext } from '../context';
import { ApiError, badRequest, notFound } from '../http/errors';
import { clearConversionCookie, conversionClaims, isMergeState } from './convert-login';
import { setAuthCookie } from './cookies';
import { oidcClientOf } from './oidc-access-token';
import { isProviderAnswerError, type OidcIdentity } from './oidc-client';
import { oidcUser } from './oidc-login';

const CALLBACK_PATH = '/api/v2/users/oidc/callback';
const FLOW_COOKIES = { state: 'oauth_state', verifier: 'oauth_pkce_verifier', redirect: 'oauth_redirect' } as const;
const FLOW_LIFETIME_MS = 10 * 60_000;

type CallbackQuery = { code?: string; state?: string; redirect?: string; oidc_merge_state?: string; error?: string; error_description?: string };

/** Where to send the browser afterwards: a path on this site only (no other host, no `//`). */
function safeRedirect(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
}

export function registerOidcRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const config = ctx.oidc;
  if (!config) {
    app.get(CALLBACK_PATH, { config: { public: true } }, async () => {
      throw notFound('OpenID Connect sign-in is not configured on this deployment (--oidc-issuer-url, --oidc-client-id).');
    });
    return;
  }
  const client = oidcClientOf(config);
  const redirectUri = () => new URL(CALLBACK_PATH, ctx.accessUrl).toString();

  /** Provider failures: 400 when it answered something wrong, 503 when it could not be reached. */
  const fromProvider = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (isProviderAnswerError(err)) throw badRequest(`Failed to ${step} with the OpenID Connect provider.`, message);
      ctx.log.warn({ err, issuer: config.issuerUrl.toString() }, 'the OpenID Connect provider could not be reached');
      throw new ApiError('unavailable', 'The OpenID Connect provider could not be reached; try again later.', message);
    }
  };

  const callback = async (req: FastifyRequest<{ Querystring: CallbackQuery }>, reply: FastifyReply) => {
    const q = req.query;
    const expires = new Date(ctx.clock().getTime() + FLOW_LIFETIME_MS);
    const flowCookie = (name: string, value: string, until = expires) => setAuthCookie(ctx, req, reply, name, value, until, CALLBACK_PATH);
    if (q.error) throw badRequest(`The OpenID Connect provider refused the sign-in: ${q.error}.`, q.error_description);
    if (!q.code) {
      // A password account moving to OIDC signs in with the state its conversion was given.
      const mergeState = isMergeState(q.oidc_merge_state) ? q.oidc_merge_state : undefined;
      const start = await fromProvider('start signing in', () => client.start(redirectUri(), mergeState));
      flowCookie(FLOW_COOKIES.state, start.state);
      flowCookie(FLOW_COOKIES.verifier, start.codeVerifier);
      flowCookie(FLOW_COOKIES.redirect, safeRedirect(q.redirect));
      return reply.redirect(start.url.toString(), 307);
    }
    const state = req.cookies[FLOW_COOKIES.state];
    const verifier = req.cookies[FLOW_COOKIES.verifier];
    if (!state || !verifier) throw badRequest(`Cookie "${FLOW_COOKIES.state}" must be provided.`);
    if (q.state !== state) throw badRequest('State mismatched.');
    const callbackUrl = new URL(req.url, ctx.accessUrl);
    const conversion = isMergeState(state) ? await conversionClaims(ctx, req, state) : undefined;
    if (conversion) clearConversionCookie(ctx, req, reply);
    const identity: OidcIdentity = await fromProvider('sign in', () => client.finish(callbackUrl, { state, codeVerifier: verifier }));
    const user = await oidcUser(ctx, config, identity, conversion);
    const token = await issueKey(ctx, { userId: user.id, loginType: 'oidc', lifetimeMs: ctx.sessionDurationMs });
    setAuthCookie(ctx, req, reply, SESSION_TOKEN_COOKIE, token, new Date(ctx.clock().getTime() + ctx.sessionDurationMs));
    const back = safeRedirect(req.cookies[FLOW_COOKIES.redirect]);
    for (const name of Object.values(FLOW_COOKIES)) flowCookie(name, '', new Date(0));
    return reply.redirect(back, 307);
  };

  app.get<{ Querystring: CallbackQuery }>(CALLBACK_PATH, { config: { public: true } }, async (req, reply) => {
    try {
      return await callback(req, reply);
    } catch (err) {
      // A browser comes back to the sign-in page, which says why; API clients get Coder's JSON.
      if (!(err instanceof ApiError) || !/\btext\/html\b/.test(req.headers.accept ?? '')) throw err;
      const sentence = err.detail ? `${err.message} ${err.detail}` : err.message;
      return reply.redirect(`/login?${new URLSearchParams({ error: sentence })}`, 303);
    }
  });
}
