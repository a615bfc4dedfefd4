/**
 * drkit status: the recovery objectives now, from the manifests, verified points, drill history, last
 * runs and slots.
 * May use core, reports and drill-jobs.
 * Not @NullMarked: a figure that cannot be known yet (no point, no drill, no slot) is null.
 */
package io.drkit.status;
