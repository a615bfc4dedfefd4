-- Standbys kept by `drkit standby`: the point each stands at and its last proof (status, metrics,
-- the daemon's health), and the flag `standby --promote` raises so that a running follower stops.
CREATE TABLE drkit_standby (
    target          text PRIMARY KEY,
    repository      text NOT NULL,
    state           text NOT NULL,
    point_id        text,
    point_time      timestamptz,
    proven_at       timestamptz,
    problem         text,
    stop_requested  boolean NOT NULL DEFAULT false,
    promoted_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- A standby proves each point it applies: such a proof has no report, and says who made it.
ALTER TABLE drkit_verified_point ALTER COLUMN report_id DROP NOT NULL;
ALTER TABLE drkit_verified_point ADD COLUMN verified_by text NOT NULL DEFAULT 'report';
