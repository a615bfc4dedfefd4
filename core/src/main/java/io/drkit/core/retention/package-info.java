/**
 * The grandfather-father-son retention policy: which points to keep, and why.
 * Uses nothing else of drkit.
 * Not @NullMarked: a point's reasons and parent are null when there are none.
 */
package io.drkit.core.retention;
