/**
 * drkit verify without a database: reading every object back, orphans, sampling, the read history, both
 * verify jobs.
 * May use core; io.drkit.verify.restore adds restore-jobs.
 * Not @NullMarked: an object read back whole yields a null problem.
 */
package io.drkit.verify;
