-- API tokens may expire (NULL: never). Each account has a session stamp that every session cookie carries;
-- sign-out, "Sign out everywhere" and a ban replace it, so cookies issued before stop working. Existing
-- accounts start with the empty stamp, which is what cookies from before this migration are checked against.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE users ADD COLUMN session_stamp text NOT NULL DEFAULT '';
