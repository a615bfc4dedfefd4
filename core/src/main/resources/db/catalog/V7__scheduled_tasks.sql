-- db-scheduler's table (https://github.com/kagkarlsson/db-scheduler, its PostgreSQL DDL under drkit's
-- name): one row per scheduled job with its next execution time. The daemons sharing this catalog
-- pick each execution with an optimistic lock on the row's version, so exactly one of them runs it,
-- and an execution left overdue while no daemon was up runs once when one starts. drkit_schedule_run
-- stays the record of each run (fire time, host, exit code).
CREATE TABLE drkit_scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX drkit_scheduled_tasks_execution_time_idx ON drkit_scheduled_tasks (execution_time);
CREATE INDEX drkit_scheduled_tasks_last_heartbeat_idx ON drkit_scheduled_tasks (last_heartbeat);
CREATE INDEX drkit_scheduled_tasks_priority_execution_time_idx ON drkit_scheduled_tasks (priority DESC, execution_time ASC);
