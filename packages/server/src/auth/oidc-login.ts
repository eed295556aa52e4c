/**
 * Who an OpenID Connect sign-in is, as Coder decides it: the user linked to the provider's issuer
 * and subject, else the user with the claimed email, else (when sign-ups are allowed) a new member
 * named after the username claim. Messages are Coder's.
 */
import { randomBytes } from 'node:crypto';
import { NAME_PATTERN } from '@warren/sdk';
import type { OidcConfig } from '../config/oidc-options';
import type { ServerContext } from '../context';
import type { Queryable } from '../db/database';
import { getUserByLink, upsertUserLink } from '../db/queries/user-links';
import { deleteSessionsByLoginType } from '../db/queries/api-keys';
import { convertUserLoginType, getUserByEmail, getUserByUsername, updateUserName, type UserRow } from '../db/queries/users';
import { ApiError, badRequest } from '../http/errors';
import { insertLinkedUser } from '../users/service';
import { checkConversion, type ConversionClaims } from './convert-login';
import type { OidcIdentity } from './oidc-client';

const refused = (message: string) => new ApiError('forbidden', message);

/** A valid username from a claim or an email's local part: invalid characters become hyphens, at most 32 characters. */
export function usernameFrom(text: string): string {
  const cleaned = text
    .replace(/[^a-zA-Z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return NAME_PATTERN.test(cleaned) ? cleaned : 'user';
}

/** `name`, or `name-xxxx` when it is taken. */
async function freeUsername(q: Queryable, name: string): Promise<string> {
  if (!(await getUserByUsername(q, name))) return name;
  return `${name.slice(0, 27)}-${randomBytes(2).toString('hex')}`;
}

function checkEmail(config: OidcConfig, claims: Record<string, unknown>): string {
  const email = claims[config.emailField];
  if (typeof email !== 'string' || !email.includes('@')) throw badRequest('No email found in OIDC payload!');
  if (claims.email_verified === false && !config.ignoreEmailVerified) {
    throw refused(`Verify the "${email}" email address on your OIDC provider to authenticate!`);
  }
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (config.emailDomains.length > 0 && !config.emailDomains.includes(domain)) {
    throw refused(`Your email "${email}" is not in domains ${JSON.stringify(config.emailDomains)}!`);
  }
  return email;
}

/**
 * The user this identity signs in as, linked to it; 403 when the sign-in is refused. With a
 * `conversion` (checked claims of the user's convert-login), the password account the identity
 * finds becomes an OIDC account first, and its password sessions end.
 */
export async function oidcUser(ctx: ServerContext, config: OidcConfig, identity: OidcIdentity, conversion?: ConversionClaims): Promise<UserRow> {
  const email = checkEmail(config, identity.claims);
  const claimedName = identity.claims[config.usernameField];
  const fullName = identity.claims[config.nameField];
  const claimedFullName = typeof fullName === 'string' && fullName ? fullName.slice(0, 128) : undefined;
  const linkedId = `${identity.issuer}||${identity.subject}`;
  const now = ctx.clock();
  return ctx.db.tx(async (q) => {
    let user = (await getUserByLink(q, 'oidc', linkedId)) ?? (await getUserByEmail(q, email));
    if (conversion) {
      if (!user) {
        throw badRequest(`The oidc account with the email "${email}" does not match the email of the account you are trying to convert. Contact your administrator to resolve this issue.`);
      }
      checkConversion(conversion, user);
      user = await convertUserLoginType(q, user.id, 'oidc', now);
      await deleteSessionsByLoginType(q, user.id, 'password');
    }
    if (user && user.login_type !== 'oidc') {
      throw refused(`Incorrect login type, attempting to use "oidc" but user is of login type "${user.login_type}"`);
    }
    if (!user) {
      if (!config.allowSignups) throw refused(config.signupsDisabledText || 'Signups are disabled for OIDC authentication!');
      const username = await freeUsername(q, usernameFrom(typeof claimedName === 'string' && claimedName ? claimedName : email.split('@')[0]!));
      user = await insertLinkedUser(q, { email, username, name: claimedFullName ?? '', loginType: 'oidc', now });
    } else if (claimedFullName !== undefined && claimedFullName !== user.name) {
      // As in Coder, the provider's name claim keeps the profile's name up to date.
      user = await updateUserName(q, user.id, claimedFullName, now);
    }
    if (user.status === 'suspended') throw refused('Your account is suspended. Contact an admin to reactivate your account.');
    await upsertUserLink(q, ctx.tokenCipher, user.id, 'oidc', linkedId, identity.tokens, now);
    return user;
  });
}
