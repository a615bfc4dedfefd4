/**
 * drkit verify and verify --restore: options in, the verify services, the report published, output out.
 * May use core, verify-jobs, reports and io.drkit.cli.
 * Not @NullMarked: options that were not given are null.
 */
package io.drkit.cli.verify;
