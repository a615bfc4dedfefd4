/**
 * drkit verify --restore: restore into scratch, then read-back, constraints, indexes, schema, privileges
 * and business checks.
 * May use core, restore-jobs and io.drkit.verify.
 * Not @NullMarked: a check that did not run has a null outcome.
 */
package io.drkit.verify.restore;
