/**
 * The test harness every module shares (core's test-jar): real PostgreSQL and S3 servers for each
 * test ({@link io.drkit.testing.RealServices}), an S3 on a bad day ({@link io.drkit.testing.FaultProxy}),
 * named skips for missing programs ({@link io.drkit.testing.RequiredTool}), and the independent oracle
 * of restored databases ({@link io.drkit.testing.SourceCapture}).
 */
package io.drkit.testing;
