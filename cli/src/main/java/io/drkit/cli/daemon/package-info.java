/**
 * drkit daemon: the scheduler loop, its health endpoint and the auto-configuration only the daemon
 * loads.
 * May use core, schedules, status and io.drkit.cli.
 * Not @NullMarked: the health indicator has no status (null) before its first look.
 */
package io.drkit.cli.daemon;
