/**
 * How hard a backup leans on its source: the pace its workers read at (drkit.backup.max-rate), the
 * latency guard that slows them while the source answers its own clients late, and the lower OS
 * priority drkit takes when it shares the database's host. May use core.
 */
@NullMarked
package io.drkit.backup.pace;

import org.jspecify.annotations.NullMarked;
