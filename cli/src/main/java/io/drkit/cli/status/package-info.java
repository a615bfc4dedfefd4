/**
 * drkit status: StatusService, then lines or --json.
 * May use core, status and io.drkit.cli.
 * Not @NullMarked: a figure that cannot be known yet is null in Status.
 */
package io.drkit.cli.status;
