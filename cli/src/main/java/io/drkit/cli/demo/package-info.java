/**
 * drkit demo: an embedded server, the reference workload and traffic, backups and a drill, end to end.
 * May use every module.
 * Not @NullMarked: options that were not given are null.
 */
package io.drkit.cli.demo;
