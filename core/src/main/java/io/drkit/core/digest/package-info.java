/**
 * Content digests: the order-independent table digest and its per-row hash (DigestAlgorithm), SHA-256
 * and a stream that checks size and hash as it is read.
 * May use error only.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.core.digest;
