-- frame_desks says which desks received a frame. It named them; two desks may share a name
-- (two windows started as "Till"), so it is keyed by the desk's id (desks.desk_id) now.
--
-- Rows written before name a desk. Each name becomes the id of the last-started desks row
-- of that name, or, when no desk of that name ever registered, of a new desks row (kind
-- 'earlier', stopped at its last frame) whose id is derived from the name:
-- md5('ewallet-desk:' || name) as a uuid, which a spool written by an older release maps
-- its rows to as well (store/postgres/rows.py, legacy_desk_id).

INSERT INTO desks (desk_id, name, os_user, host, pid, kind, started_at, heartbeat_at, stopped_at)
SELECT md5('ewallet-desk:' || n.desk)::uuid, n.desk, '', '', 0, 'earlier',
       to_timestamp(n.first_ms / 1000.0), to_timestamp(n.last_ms / 1000.0),
       to_timestamp(n.last_ms / 1000.0)
FROM (SELECT desk, min(at_ms) AS first_ms, max(at_ms) AS last_ms
      FROM frame_desks GROUP BY desk) n
WHERE NOT EXISTS (SELECT 1 FROM desks d WHERE d.name = n.desk)
ON CONFLICT (desk_id) DO NOTHING;

ALTER TABLE frame_desks ADD COLUMN desk_id uuid;
UPDATE frame_desks fd SET desk_id = (
    SELECT d.desk_id FROM desks d WHERE d.name = fd.desk
    ORDER BY d.started_at DESC, d.desk_id LIMIT 1);

ALTER TABLE frame_desks DROP CONSTRAINT frame_desks_pkey;
DROP INDEX frame_desks_desk;
ALTER TABLE frame_desks DROP COLUMN desk;
ALTER TABLE frame_desks ALTER COLUMN desk_id SET NOT NULL;
ALTER TABLE frame_desks ADD PRIMARY KEY (seq, desk_id);
CREATE INDEX frame_desks_desk ON frame_desks (desk_id, at_ms);
