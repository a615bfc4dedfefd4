-- Who holds a drkit lock. The lock itself is a PostgreSQL session advisory lock (released by the
-- server when the holder's connection dies, so a kill -9 never leaves a stale lock); this table
-- only lets the second run say who is in the way.
CREATE TABLE drkit_lock_holder (
    lock_name   text PRIMARY KEY,
    host        text NOT NULL,
    pid         bigint NOT NULL,
    command     text NOT NULL,
    since       timestamptz NOT NULL
);
