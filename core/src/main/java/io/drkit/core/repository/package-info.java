/**
 * The repository of points over an object store: descriptor, manifests, object keys, chains and
 * incomplete points.
 * May use codec, config, digest, error, manifest and store.
 * Not @NullMarked: an unencrypted repository has a null key, and PointLayout returns null for keys
 * outside a point.
 */
package io.drkit.core.repository;
