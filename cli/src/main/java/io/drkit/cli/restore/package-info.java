/**
 * drkit restore: options in, RestoreService, the restore report published, output out.
 * May use core, restore-jobs, reports and io.drkit.cli.
 * Not @NullMarked: options that were not given are null.
 */
package io.drkit.cli.restore;
