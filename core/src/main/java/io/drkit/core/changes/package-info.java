/**
 * Logical replication for incremental backups: slots, the publication, pgoutput decoding and slot
 * retention.
 * May use config, digest, error, pg and progress.
 * Not @NullMarked: the decoder's messages and tuples carry null for absent values (old tuples, commit
 * LSN).
 */
package io.drkit.core.changes;
