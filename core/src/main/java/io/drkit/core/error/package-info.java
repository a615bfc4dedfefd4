/**
 * Failures as the operator reads them: {@link io.drkit.core.error.DrkitException} with the exit code it
 * ends with (DESIGN.md), and the words for what Java says in class names.
 * Uses nothing else of drkit.
 * Not @NullMarked: FileTrouble returns null when an exception names no file, and a failure may have no
 * cause.
 */
package io.drkit.core.error;
