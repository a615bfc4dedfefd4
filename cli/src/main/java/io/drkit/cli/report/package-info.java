/**
 * drkit report [--check], and the publisher the job commands hand their reports to.
 * May use core, reports and io.drkit.cli.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.cli.report;
