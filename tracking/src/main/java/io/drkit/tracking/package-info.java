/**
 * The reference workload: the tracking schema (db/tracking), its seeder, simulator, the background
 * traffic of drills and the traffic on a database serving during a staged restore.
 * May use core's error, pg and progress, and HdrHistogram (lookup latency); the engine never imports it.
 * Not @NullMarked: a planned event's optional columns are null, as in the table.
 */
package io.drkit.tracking;
