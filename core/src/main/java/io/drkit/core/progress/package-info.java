/**
 * Progress on stderr: a bar on a terminal, plain lines otherwise.
 * Uses nothing else of drkit.
 * Not @NullMarked: a status text of null clears the line's status.
 */
package io.drkit.core.progress;
