/**
 * Object stores (file and S3), picked by URI scheme, with their retries and Object Lock.
 * May use batch, config and error.
 * Not @NullMarked: an S3 endpoint or credentials are null when the SDK's defaults apply.
 */
package io.drkit.core.store;
