-- The shared history: the same tables as the embedded SQLite store (store/schema.py),
-- plus what several desks writing one database need.
--
-- * Every row carries a key (row_key / event_key) that its desk computed before sending it,
--   and the key is unique: a batch replayed from a desk's local spool after an outage, or
--   retried after a lost commit, inserts nothing twice.
-- * A broadcast received by several desks has the same event_key at each of them, so it is
--   stored once in frames; frame_desks says which desks received it, and when.
-- * json_ok says raw is JSON that jsonb can hold (not an invalid frame's input, no \u0000
--   or surrogate escape): the filter language reads raw::jsonb only where it holds (a
--   jsonb copy would double the table). body is the text a search matches
--   (store/postgres/rows.py), indexed by trigrams for case-insensitive substring search.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE frames (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    direction text NOT NULL,
    kind text NOT NULL,
    topic text NOT NULL DEFAULT '',
    event text NOT NULL DEFAULT '',
    ref text,
    consumption_id text,
    status text,
    error_code text,
    reason text,
    raw text NOT NULL,
    json_ok boolean NOT NULL DEFAULT false,
    body text NOT NULL DEFAULT ''
);
CREATE INDEX frames_at ON frames (at_ms);
CREATE INDEX frames_topic ON frames (topic);
CREATE INDEX frames_event ON frames (event);
CREATE INDEX frames_consumption ON frames (consumption_id) WHERE consumption_id IS NOT NULL;
CREATE INDEX frames_body_trgm ON frames USING gin (body gin_trgm_ops);

CREATE TABLE frame_desks (
    seq bigint NOT NULL REFERENCES frames (seq) ON DELETE CASCADE,
    desk text NOT NULL,
    at_ms bigint NOT NULL,
    PRIMARY KEY (seq, desk)
);
CREATE INDEX frame_desks_desk ON frame_desks (desk, at_ms);

CREATE TABLE gaps (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    row_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    start_ms bigint NOT NULL,
    end_ms bigint NOT NULL,
    channels text NOT NULL,
    recoverable integer NOT NULL
);
CREATE INDEX gaps_at ON gaps (at_ms);

CREATE TABLE channel_states (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    row_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    topic text NOT NULL,
    state text NOT NULL,
    reason text NOT NULL DEFAULT ''
);
CREATE INDEX channel_states_at ON channel_states (at_ms);

CREATE TABLE connection_states (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    row_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    state text NOT NULL,
    detail text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    retry_in double precision,
    code text
);
CREATE INDEX connection_states_at ON connection_states (at_ms);

CREATE TABLE notices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    row_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    level text NOT NULL,
    text text NOT NULL,
    details text NOT NULL DEFAULT '{}'
);
CREATE INDEX notices_at ON notices (at_ms);

CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    row_key bytea NOT NULL UNIQUE,
    desk text NOT NULL DEFAULT '',
    at_ms bigint NOT NULL,
    os_user text NOT NULL,
    profile text NOT NULL DEFAULT '',
    action text NOT NULL,
    consumption_id text NOT NULL,
    amount text,
    token text,
    answer text,
    answer_code text,
    outcome text,
    outcome_code text,
    outcome_at_ms bigint
);
CREATE INDEX audit_consumption ON audit (consumption_id);
CREATE INDEX audit_at ON audit (at_ms);
