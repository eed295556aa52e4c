/** A user's own settings: dashboard appearance, profile, notification preferences, parameter autofill. */
import { z } from 'zod';

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
