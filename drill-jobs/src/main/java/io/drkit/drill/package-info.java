/**
 * drkit drill: choosing the point, the phase clock, the runbook, restore and verify, RPO/RTO assessment,
 * the drill report and history.
 * May use core, tracking (traffic), verify-jobs, reports and prune.
 * Not @NullMarked: a drill that failed before a phase has null for that phase's figures.
 */
package io.drkit.drill;
