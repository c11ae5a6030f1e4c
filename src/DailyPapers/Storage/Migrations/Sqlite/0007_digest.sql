-- Email digests: subscriptions (double opt-in), the outbox (one row per subscriber and period, sent at most once
-- by its idempotency key, with its papers as lines of "section<TAB>arxiv id<TAB>reason"), the papers each
-- subscriber has been sent (each paper reaches a reader once), and job leases (one node at a time runs the job).
CREATE TABLE digest_subscriptions (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL,
    email_key           TEXT NOT NULL UNIQUE,
    frequency           TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    topics              TEXT NOT NULL DEFAULT '',
    for_you             INTEGER NOT NULL DEFAULT 0,
    user_id             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed', 'bouncing')),
    confirm_token_hash  TEXT UNIQUE,
    confirm_sent_at     TEXT,
    bounces             INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    confirmed_at        TEXT,
    updated_at          TEXT NOT NULL
);
CREATE INDEX ix_digest_subscriptions_due ON digest_subscriptions (status, frequency, id);
CREATE INDEX ix_digest_subscriptions_user ON digest_subscriptions (user_id);

CREATE TABLE digest_outbox (
    id                INTEGER PRIMARY KEY,
    idempotency_key   TEXT NOT NULL UNIQUE,
    subscription_id   INTEGER NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
    period            TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'empty', 'bounced', 'rejected', 'failed', 'cancelled', 'expired')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    lease_owner       TEXT,
    lease_until       TEXT,
    items             TEXT NOT NULL DEFAULT '',
    sent_by           TEXT,
    message_id        TEXT,
    created_at        TEXT NOT NULL,
    sent_at           TEXT
);
CREATE INDEX ix_digest_outbox_queue ON digest_outbox (status, id);
CREATE INDEX ix_digest_outbox_subscription ON digest_outbox (subscription_id, id);

-- The papers each subscriber has been sent or has queued: a paper reaches a reader once. No foreign keys (it
-- takes ~13 rows per digest; deleting a subscription deletes its rows here too).
CREATE TABLE digest_sent (
    subscription_id  INTEGER NOT NULL,
    arxiv_id         TEXT NOT NULL,
    PRIMARY KEY (subscription_id, arxiv_id)
) WITHOUT ROWID;

CREATE TABLE job_leases (
    name        TEXT PRIMARY KEY,
    owner       TEXT,
    expires_at  TEXT
);
