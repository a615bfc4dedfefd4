/**
 * {@code drkit check}: the pre-flight. Each configured server and the repository are looked at the
 * way the jobs will use them, and each problem is named with its fix, before a night's backup finds
 * it.
 */
package io.drkit.cli.check;
