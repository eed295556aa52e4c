-- Each user's dashboard appearance: the theme (already `users.theme_preference`) and the terminal font.

ALTER TABLE users ADD COLUMN terminal_font text NOT NULL DEFAULT ''
    CHECK (terminal_font IN ('', 'ibm-plex-mono', 'fira-code', 'source-code-pro', 'jetbrains-mono'));
