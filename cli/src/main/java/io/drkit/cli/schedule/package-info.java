/**
 * drkit schedule print: the cron, systemd and k8s files.
 * May use core, schedules and io.drkit.cli.
 * Not @NullMarked: the output directory is null when not given.
 */
package io.drkit.cli.schedule;
