/**
 * drkit backup: options in, BackupService or IncrementalBackupService, output out.
 * May use core, backup-jobs and io.drkit.cli.
 * Not @NullMarked: options that were not given are null.
 */
package io.drkit.cli.backup;
