-- The supervisor's statistics (store/stats.py has the SQLite form): one row per
-- consumption, kept by a trigger on frames, so a consumption broadcast on four topics and
-- received by four desks is counted once; amounts are numeric, exact at any size.
-- Its status_ms is when its current status was seen; a range selects consumptions by it.
-- approval_times: each operator's first decision on a consumption and how long it had
-- waited since first seen, kept by a trigger on audit.

CREATE TABLE consumption_stats (
    consumption_id text PRIMARY KEY,
    token text,
    scale numeric,
    status text NOT NULL,
    error_code text,
    amount numeric,
    seen_ms bigint NOT NULL,
    status_ms bigint NOT NULL
);
CREATE INDEX consumption_stats_at ON consumption_stats (status_ms);

CREATE TABLE approval_times (
    os_user text NOT NULL,
    profile text NOT NULL,
    consumption_id text NOT NULL,
    decided_ms bigint NOT NULL,
    waited_ms bigint NOT NULL,
    PRIMARY KEY (os_user, profile, consumption_id)
);
CREATE INDEX approval_times_at ON approval_times (decided_ms);

CREATE FUNCTION ewallet_json_integer(value jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'number' AND value::text !~ '[.eE]'
        AND value::text !~ '^-' THEN (value #>> '{}')::numeric END
$$;

CREATE FUNCTION ewallet_absorb_frame() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    doc jsonb;
    token text;
    scale numeric;
    amount numeric;
BEGIN
    IF NEW.direction <> 'in' OR NEW.kind NOT IN ('frame', 'recovered')
        OR NEW.consumption_id IS NULL OR NEW.status IS NULL OR NOT NEW.json_ok
        OR NEW.event NOT IN ('transaction_consumption_request',
            'transaction_consumption_finalized', 'consumption_recovered') THEN
        RETURN NULL;
    END IF;
    doc := NEW.raw::jsonb;
    IF NEW.kind = 'frame' THEN
        doc := doc -> 'data';
    END IF;
    token := coalesce(doc #>> '{token,symbol}', doc ->> 'token_id');
    scale := ewallet_json_integer(doc #> '{token,subunit_to_unit}');
    amount := coalesce(ewallet_json_integer(doc -> 'amount'),
        ewallet_json_integer(doc -> 'estimated_consumption_amount'));
    INSERT INTO consumption_stats AS s (consumption_id, token, scale, status, error_code,
        amount, seen_ms, status_ms)
    VALUES (NEW.consumption_id, token, scale, NEW.status, NEW.error_code, amount,
        NEW.at_ms, NEW.at_ms)
    ON CONFLICT (consumption_id) DO UPDATE SET
        token = coalesce(excluded.token, s.token),
        scale = coalesce(excluded.scale, s.scale),
        status = excluded.status,
        error_code = excluded.error_code,
        amount = coalesce(excluded.amount, s.amount),
        status_ms = excluded.status_ms
    WHERE excluded.status <> s.status AND (s.status = 'pending' OR excluded.status <> 'pending');
    RETURN NULL;
END
$$;

CREATE TRIGGER frames_absorbed AFTER INSERT ON frames
FOR EACH ROW EXECUTE FUNCTION ewallet_absorb_frame();

CREATE FUNCTION ewallet_audit_decided() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO approval_times
    SELECT NEW.os_user, NEW.profile, NEW.consumption_id, NEW.at_ms,
        greatest(0, NEW.at_ms - seen_ms)
    FROM consumption_stats WHERE consumption_id = NEW.consumption_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER audit_decided AFTER INSERT ON audit
FOR EACH ROW WHEN (NEW.action IN ('approve', 'reject'))
EXECUTE FUNCTION ewallet_audit_decided();
