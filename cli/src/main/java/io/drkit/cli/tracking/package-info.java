/**
 * drkit tracking init, seed and simulate: the reference workload from the command line.
 * May use core, tracking and io.drkit.cli.
 * Not @NullMarked: the database option is null when not given.
 */
package io.drkit.cli.tracking;
