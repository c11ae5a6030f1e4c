-- Accounts: roles, bans, passwordless sign-in links, API tokens, and the data-protection key ring that every
-- web node shares (a sign-in cookie or antiforgery token issued by one node is read by the others).
-- Secrets are never stored: sign-in and API tokens are kept as the lowercase hex SHA-256 of the token.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'moderator', 'admin'));
ALTER TABLE users ADD COLUMN banned_at TEXT;
ALTER TABLE users ADD COLUMN banned_reason TEXT;

CREATE TABLE sign_in_tokens (
    token_hash  TEXT PRIMARY KEY,
    email       TEXT NOT NULL,
    return_url  TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX ix_sign_in_tokens_expires ON sign_in_tokens (expires_at);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    token_prefix  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
