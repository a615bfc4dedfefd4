/**
 * How stored bytes are encoded: compression, then chunked AES-256-GCM encryption, and the repository
 * key.
 * May use error only.
 * Not @NullMarked: a codec without encryption holds a null key.
 */
package io.drkit.core.codec;
