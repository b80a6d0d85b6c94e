-- Several desks on one store: who is there (desks), and who is deciding which payment
-- (claims). Written by store/postgres/desks.py and claims.py.
--
-- * desks: one row per running window or headless desk (a new id at each start); the desk
--   updates heartbeat_at every few seconds and sets stopped_at when it closes. A desk
--   whose heartbeat is older than the claim timeout is gone (killed, or its machine lost
--   the network).
-- * claims: one row per consumption, keyed by the server identity (URL, credential kind,
--   key: never a secret) and the consumption id. state:
--     held      a desk is about to decide, or its last decision was refused (nothing
--               happened): released by the timeout when that desk is gone;
--     deciding  a decision was sent and its outcome is not known yet: never released by
--               a timeout nor taken over, only by the outcome (a desk taking over could
--               reject after the money moved);
--     released  free again: with an outcome (the payment is settled, outcome_data the
--               consumption as the server answered) or without (timed out).
-- * Every change of either table is announced with NOTIFY (channels ewallet_claims and
--   ewallet_desks), by triggers, so a sweep or another release is seen at once too.

CREATE TABLE desks (
    desk_id uuid PRIMARY KEY,
    name text NOT NULL,
    os_user text NOT NULL,
    host text NOT NULL,
    pid integer NOT NULL,
    kind text NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at timestamptz
);
CREATE INDEX desks_heartbeat ON desks (heartbeat_at);

CREATE TABLE claims (
    server text NOT NULL,
    consumption_id text NOT NULL,
    desk_id uuid NOT NULL,
    desk_name text NOT NULL,
    os_user text NOT NULL,
    state text NOT NULL CHECK (state IN ('held', 'deciding', 'released')),
    action text,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    released_at timestamptz,
    outcome text,
    outcome_data jsonb,
    taken_over_from text,
    takeover_reason text,
    PRIMARY KEY (server, consumption_id)
);
CREATE INDEX claims_open ON claims (desk_id) WHERE state <> 'released';

CREATE FUNCTION ewallet_notify_claim() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The payload stays far below NOTIFY's 8000 bytes: outcome_data is read on demand.
    PERFORM pg_notify('ewallet_claims', json_build_object(
        'server', NEW.server, 'consumption_id', NEW.consumption_id,
        'desk_id', NEW.desk_id, 'desk_name', NEW.desk_name, 'os_user', NEW.os_user,
        'state', NEW.state, 'action', NEW.action, 'outcome', NEW.outcome,
        'has_data', NEW.outcome_data IS NOT NULL,
        'taken_over_from', NEW.taken_over_from, 'takeover_reason', NEW.takeover_reason
    )::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_notify AFTER INSERT OR UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION ewallet_notify_claim();

CREATE FUNCTION ewallet_notify_desk() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Heartbeats alone are not announced: each desk reads the list at its own beat.
    IF TG_OP = 'UPDATE' AND NEW.stopped_at IS NOT DISTINCT FROM OLD.stopped_at
        AND NEW.name = OLD.name THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('ewallet_desks', NEW.desk_id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER desks_notify AFTER INSERT OR UPDATE ON desks
    FOR EACH ROW EXECUTE FUNCTION ewallet_notify_desk();
