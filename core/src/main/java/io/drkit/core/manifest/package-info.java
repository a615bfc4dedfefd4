/**
 * A point's manifest, its id, the repository descriptor (drkit.json) and the tool version, as stored in
 * JSON.
 * Uses nothing else of drkit.
 * Not @NullMarked: fields that older manifests lack (access, changes, warnings, timings) are null.
 */
package io.drkit.core.manifest;
