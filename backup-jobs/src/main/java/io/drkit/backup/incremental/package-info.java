/**
 * drkit backup --incremental: the service, the incrementalBackup staged job and change capture into
 * spools.
 * May use core and io.drkit.backup.
 * Not @NullMarked: a chain without a slot state yet is null.
 */
package io.drkit.backup.incremental;
