/**
 * drkit drill: options in, DrillService, the report published, output out.
 * May use core, drill-jobs, reports and io.drkit.cli.
 * Not @NullMarked: options that were not given are null.
 */
package io.drkit.cli.drill;
