import { updateUserAppearanceSettingsRequest, type TerminalFontName, type UserAppearanceSettings } from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import { authorize } from '../authz/policy';
import type { ServerContext } from '../context';
import { getUserAppearance, updateUserAppearance, type UserAppearanceRow } from '../db/queries/user-settings';
import { actorOf } from '../http/app';
import { notFound } from '../http/errors';
import { parseBody } from '../http/validate';
import { resolveUser } from './service';

type UserParams = { user: string };

function toAppearance(row: UserAppearanceRow): UserAppearanceSettings {
  return { theme_preference: row.theme_preference, terminal_font: row.terminal_font as TerminalFontName };
}

/** A user's own settings; owners and user admins may change anyone's. */
export function registerUserSettingsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: UserParams }>('/api/v2/users/:user/appearance', async (req) => {
    const user = await resolveUser(ctx, actorOf(req), req.params.user);
    const row = await getUserAppearance(ctx.db, user.id);
    if (!row) throw notFound();
    return toAppearance(row);
  });

  app.put<{ Params: UserParams }>('/api/v2/users/:user/appearance', async (req) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    authorize(actor, 'update', { type: 'user', ownerId: user.id });
    const body = parseBody(updateUserAppearanceSettingsRequest, req.body);
    const row = await updateUserAppearance(ctx.db, user.id, {
      theme_preference: body.theme_preference,
      terminal_font: body.terminal_font ?? '',
      now: ctx.clock(),
    });
    return toAppearance(row);
  });
}
