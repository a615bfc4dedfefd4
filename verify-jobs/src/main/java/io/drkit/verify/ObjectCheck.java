package io.drkit.verify;

import io.drkit.core.manifest.PointId;

/**
 * One object a manifest names, with what the manifest says of it.
 *
 * @param decodable whether its content is compressed (and maybe encrypted) point data that can be
 *     decoded to prove it is readable, not only intact
 */
public record ObjectCheck(PointId pointId, String key, long bytes, String sha256, boolean decodable) {}
