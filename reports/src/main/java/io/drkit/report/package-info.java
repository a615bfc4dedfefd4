/**
 * Reports: the record, its JSON and HTML (templates beside it), charts, the archive, signing, the
 * hash-chain check and verified points.
 * May use core, restore-jobs and verify-jobs; never drills, prune or status.
 * Not @NullMarked: a report's fields that its kind does not have are null, as in the JSON.
 */
package io.drkit.report;
