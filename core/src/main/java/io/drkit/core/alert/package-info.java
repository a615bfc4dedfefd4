/**
 * Webhook alerts sent when a job fails, a verification fails or a target is missed.
 * May use config, error, metrics and repository; no job module.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.core.alert;
