-- Shared sessions: a read-only snapshot behind an unguessable id. Plain SQL that H2 (PostgreSQL mode) and
-- PostgreSQL both run.

CREATE TABLE share_links (
    -- 22 characters of URL-safe base64: 128 random bits
    id                CHAR(22) PRIMARY KEY,
    -- 'chat' or 'comparison'
    kind              VARCHAR(16) NOT NULL CHECK (kind IN ('chat', 'comparison')),
    title             VARCHAR(200) NOT NULL,
    -- the chat it was taken from, so its author can list and revoke it; no foreign key, because a snapshot
    -- outlives the chat it copies
    source_chat_id    BIGINT,
    model_name        VARCHAR(200) NOT NULL,
    model_fingerprint VARCHAR(64) NOT NULL,
    -- the whole snapshot: character, messages with their settings and seeds, or every compared column
    snapshot_json     TEXT NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    -- set once, when the author revokes the link; a revoked link is never shown again
    revoked_at        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX share_links_by_chat ON share_links (source_chat_id);
