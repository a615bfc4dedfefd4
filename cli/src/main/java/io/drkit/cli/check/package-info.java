/**
 * {@code drkit check}: the pre-flight. Each configured server and the repository are looked at the
 * way the jobs will use them, and each problem is named with its fix, before a night's backup finds
 * it.
 * May use core, reports (only for the verdict its document shares with every other) and io.drkit.cli.
 * Not @NullMarked: a server that could not be reached has a null version.
 */
package io.drkit.cli.check;
