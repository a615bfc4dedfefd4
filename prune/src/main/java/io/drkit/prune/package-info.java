/**
 * drkit prune: the retention policy applied to the repository, protecting the newest verified point and
 * locked points.
 * May use core and reports.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.prune;
