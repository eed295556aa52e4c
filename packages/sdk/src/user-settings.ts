/** A user's own settings: dashboard appearance, profile, notification preferences, parameter autofill. */
import { z } from 'zod';
import { nameSchema } from './users';

export const TERMINAL_FONTS = ['', 'ibm-plex-mono', 'fira-code', 'source-code-pro', 'jetbrains-mono'] as const;
export type TerminalFontName = (typeof TERMINAL_FONTS)[number];

/** `GET/PUT /api/v2/users/{user}/appearance`. */
export interface UserAppearanceSettings {
  theme_preference: string;
  terminal_font: TerminalFontName;
}

export const updateUserAppearanceSettingsRequest = z.object({
  theme_preference: z.string().min(1, 'Must not be empty.').max(64, 'Must be at most 64 characters.'),
  terminal_font: z.enum(TERMINAL_FONTS, { message: `Unsupported font family: use one of ${TERMINAL_FONTS.filter(Boolean).join(', ')} or "".` }).optional(),
});
export type UpdateUserAppearanceSettingsRequest = z.infer<typeof updateUserAppearanceSettingsRequest>;

export const updateUserProfileRequest = z.object({
  username: nameSchema,
  name: z
    .string()
    .max(128, 'Must be at most 128 characters.')
    .refine((s) => s === s.trim(), 'Must not start or end with whitespace.')
    .optional(),
});
export type UpdateUserProfileRequest = z.infer<typeof updateUserProfileRequest>;

/**
 * `PUT /api/v2/users/{user}/password`: the new password, and the current one when users change their
 * own (an owner or user admin resetting someone else's leaves it empty). Answers 204.
 */
export const updateUserPasswordRequest = z.object({
  old_password: z.string().optional(),
  password: z.string().min(1, 'Must not be empty.'),
});
export type UpdateUserPasswordRequest = z.infer<typeof updateUserPasswordRequest>;

/** `GET /api/v2/users/{user}/notifications/preferences`: one per notification template the user changed. */
export interface NotificationPreference {
  id: string;
  disabled: boolean;
  updated_at: string;
}

export const updateUserNotificationPreferencesRequest = z.object({
  template_disabled_map: z.record(z.string(), z.boolean()),
});
export type UpdateUserNotificationPreferences = z.infer<typeof updateUserNotificationPreferencesRequest>;

/** `GET /api/v2/users/{user}/autofill-parameters?template_id=`: the user's latest value of each parameter. */
export interface UserParameter {
  name: string;
  value: string;
}

export const validateUserPasswordRequest = z.object({ password: z.string() });
export type ValidateUserPasswordRequest = z.infer<typeof validateUserPasswordRequest>;

/** `POST /api/v2/users/validate-password`: whether the password is strong enough, and if not why. */
export interface ValidateUserPasswordResponse {
  valid: boolean;
  details: string;
}
