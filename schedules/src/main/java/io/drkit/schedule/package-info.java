/**
 * The daemon's schedules: cron expressions, scheduled jobs, fire-time claims and the cron, systemd and
 * k8s files.
 * May use core; starts jobs by name, never a job module.
 * Not @NullMarked: a job's last fire and exit code are null before its first run.
 */
package io.drkit.schedule;
