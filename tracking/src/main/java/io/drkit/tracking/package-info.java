/**
 * The reference workload: the tracking schema (db/tracking), its seeder, simulator and the background
 * traffic of drills.
 * May use core's error, pg and progress; the engine never imports it.
 * Not @NullMarked: a planned event's optional columns are null, as in the table.
 */
package io.drkit.tracking;
