import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context';
import { isOverTls } from '../http/security';

/**
 * Sets an HttpOnly, SameSite=Lax cookie of the sign-in machinery: Secure when asked
 * (--secure-auth-cookie), when the access URL is https, or when the request came over TLS.
 */
export function setAuthCookie(
  ctx: ServerContext,
  req: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  expires: Date,
  path = '/',
): void {
  const secure = ctx.security.secureAuthCookie || ctx.accessUrl.protocol === 'https:' || isOverTls(req.raw);
  reply.setCookie(name, value, { path, httpOnly: true, sameSite: 'lax', secure, expires });
}
