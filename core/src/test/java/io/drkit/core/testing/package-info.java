/**
 * core's test-jar, the harness of every module's tests: fresh databases and buckets on real servers,
 * fault proxies, roles, tools, and the independent oracle of restored databases (SourceCapture:
 * pg_dump alone, no drkit code).
 * May use core; the embedded fallback server comes from tracking's test-jar (FallbackServer).
 * Not @NullMarked: fault settings and container lookups pass null for "none".
 */
package io.drkit.core.testing;
