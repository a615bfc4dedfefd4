-- Every DR drill, with its figures: the history `drkit status` and the report index draw on.
CREATE TABLE drkit_drill (
    repository        text NOT NULL,
    declared_at       timestamptz NOT NULL,
    point_id          text NOT NULL,
    point_choice      text NOT NULL,
    verdict           text NOT NULL,
    rto_ms            bigint,
    rpo_ms            bigint,
    rpo_verified_ms   bigint,
    worst_rpo_ms      bigint,
    rto_target_ms     bigint NOT NULL,
    rpo_target_ms     bigint NOT NULL,
    targets_missed    text NOT NULL,
    report_id         text,
    PRIMARY KEY (repository, declared_at)
);

-- Points a restore proved whole (verify --restore or a drill that passed): the newest of them gives
-- the verified RPO.
CREATE TABLE drkit_verified_point (
    repository   text NOT NULL,
    point_id     text NOT NULL,
    point_time   timestamptz NOT NULL,
    verified_at  timestamptz NOT NULL,
    report_id    text NOT NULL,
    PRIMARY KEY (repository, point_id, verified_at)
);
