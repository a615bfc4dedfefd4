/**
 * Failures as the operator reads them: {@link io.drkit.error.DrkitException} with the exit code it
 * ends with (DESIGN.md), and the words for what Java says in class names.
 */
package io.drkit.error;
