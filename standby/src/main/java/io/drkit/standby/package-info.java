/**
 * drkit standby: a database kept at the newest recovery point by applying each point from the
 * repository (not from the source, so that every point is restored and proven minutes after it is
 * taken), rebuilt beside itself and swapped by rename when a new chain starts, and promoted in a
 * disaster. May use core, restore-jobs (the restore and its change applier) and reports.
 * Not null-marked: manifests of older points carry null for fields they lack (digests, fingerprints).
 */
package io.drkit.standby;
