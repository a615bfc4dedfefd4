/**
 * {@code drkit standby}: follow (keep a database at the newest point, each point proven) and promote.
 * Uses the standby module. Not null-marked: options not given are null.
 */
package io.drkit.cli.standby;
