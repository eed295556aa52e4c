import {
  updateUserAppearanceSettingsRequest,
  updateUserNotificationPreferencesRequest,
  updateUserPasswordRequest,
  updateUserProfileRequest,
  validateUserPasswordRequest,
  type ValidateUserPasswordResponse,
  type NotificationPreference,
  type TerminalFontName,
  type User,
  type UserAppearanceSettings,
  type UserParameter,
} from '@warren/sdk';
import type { FastifyInstance } from 'fastify';
import { authorize } from '../authz/policy';
import type { ServerContext } from '../context';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/database';
import { getUserById } from '../db/queries/users';
import {
  getUserAppearance,
  listUserTemplateParameterValues,
  updateUserAppearance,
  updateUserProfile,
  type UserAppearanceRow,
} from '../db/queries/user-settings';
import { actorOf } from '../http/app';
import { ApiError, notFound, validationFailed } from '../http/errors';
import { parseBody, parseUuid } from '../http/validate';
import { passwordWeakness } from '../auth/passwords';
import { changePassword } from './password';
import { presentUser, resolveUser } from './service';

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

  app.put<{ Params: UserParams }>('/api/v2/users/:user/profile', async (req): Promise<User> => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    authorize(actor, 'update', { type: 'user', ownerId: user.id });
    const body = parseBody(updateUserProfileRequest, req.body);
    await updateUserProfile(ctx.db, user.id, { username: body.username, name: body.name ?? '', now: ctx.clock() }).catch((err: unknown) => {
      if (pgErrorCode(err) !== UNIQUE_VIOLATION) throw err;
      throw new ApiError('conflict', 'A user with this username already exists.', undefined, [
        { field: 'username', detail: 'This username is already in use.' },
      ]);
    });
    return presentUser(ctx.db, (await getUserById(ctx.db, user.id))!);
  });

  app.put<{ Params: UserParams }>('/api/v2/users/:user/password', async (req, reply) => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    await changePassword(ctx, actor, user, parseBody(updateUserPasswordRequest, req.body));
    return reply.status(204).send();
  });

  // Warren sends no notifications yet: there are no templates to prefer, so no preferences.
  app.get<{ Params: UserParams }>('/api/v2/users/:user/notifications/preferences', async (req): Promise<NotificationPreference[]> => {
    await resolveUser(ctx, actorOf(req), req.params.user);
    return [];
  });

  app.put<{ Params: UserParams }>('/api/v2/users/:user/notifications/preferences', async (req): Promise<NotificationPreference[]> => {
    const actor = actorOf(req);
    const user = await resolveUser(ctx, actor, req.params.user);
    authorize(actor, 'update', { type: 'user', ownerId: user.id });
    const body = parseBody(updateUserNotificationPreferencesRequest, req.body);
    const unknown = Object.keys(body.template_disabled_map);
    if (unknown.length > 0) {
      throw validationFailed(
        unknown.map((id) => ({ field: `template_disabled_map.${id}`, detail: `No notification template "${id}" exists.` })),
        'Invalid notification template.',
      );
    }
    return [];
  });

  app.get<{ Params: UserParams; Querystring: { template_id?: string } }>('/api/v2/users/:user/autofill-parameters', async (req): Promise<UserParameter[]> => {
    const user = await resolveUser(ctx, actorOf(req), req.params.user);
    const templateId = parseUuid(req.query.template_id ?? '', 'template_id');
    return listUserTemplateParameterValues(ctx.db, user.id, templateId);
  });

  // Public: the first-user setup page checks a password before anyone can sign in.
  app.post('/api/v2/users/validate-password', { config: { public: true } }, async (req): Promise<ValidateUserPasswordResponse> => {
    const weakness = passwordWeakness(parseBody(validateUserPasswordRequest, req.body).password);
    return { valid: weakness === undefined, details: weakness ?? '' };
  });
}
