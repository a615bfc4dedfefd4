/**
 * drkit prune: options in, PruneService, output out.
 * May use core, prune and io.drkit.cli.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.cli.prune;
