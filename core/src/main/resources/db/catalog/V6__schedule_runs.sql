-- Each scheduled run, claimed by the daemon that starts it: the primary key lets exactly one of the
-- daemons sharing this catalog take a given fire time of a job; the newest row tells a daemon that
-- starts whether it missed a run while it was down.
CREATE TABLE drkit_schedule_run (
    job          text NOT NULL,
    fire_time    timestamptz NOT NULL,
    host         text NOT NULL,
    pid          bigint NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    exit_code    integer,
    PRIMARY KEY (job, fire_time)
);
