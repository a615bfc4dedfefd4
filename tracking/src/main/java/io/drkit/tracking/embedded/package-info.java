/**
 * A real PostgreSQL server run from zonky's embedded binaries, for the demo and for tests on machines
 * without a server; the binaries of the platforms the jar does not carry come from Maven Central.
 * May use core's error and pg; the test harness's fallback server (tracking's test-jar) starts it too.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.tracking.embedded;
