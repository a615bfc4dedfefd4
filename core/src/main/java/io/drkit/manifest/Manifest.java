package io.drkit.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a recovery point holds: written last, its presence under {@code points/<id>/manifest.json}
 * is what makes the point exist. Documented field by field in the README; {@link #FORMAT_VERSION}
 * changes whenever a reader written for the previous one could misread it.
 *
 * @param time the point's time: the source's clock when the snapshot was exported
 * @param parent for incremental points, the point they apply on top of; null for full points
 */
public record Manifest(
        int formatVersion,
        String pointId,
        String kind,
        String parent,
        Instant time,
        SourceIdentity source,
        SnapshotRef snapshot,
        Codec codec,
        SchemaFiles schema,
        List<TableEntry> tables,
        Timings timings,
        String toolVersion) {

    public static final int FORMAT_VERSION = 1;

    public long rows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public long storedBytes() {
        return tables.stream().flatMap(t -> t.parts().stream()).mapToLong(PartEntry::bytes).sum()
                + schema.preData().bytes() + schema.postData().bytes() + schema.sequences().bytes();
    }

    public long copyBytes() {
        return tables.stream().flatMap(t -> t.parts().stream()).mapToLong(PartEntry::copyBytes).sum();
    }

    /** The source a point came from; a restore refuses to write into a database with this identity. */
    public record SourceIdentity(String systemIdentifier, String serverVersion, String database) {}

    /** The exported snapshot and where the source's WAL stood when it was taken. */
    public record SnapshotRef(String xmin, String xmax, String walLsn) {}

    /**
     * @param compression {@code zstd}, {@code gzip}, {@code xz} or {@code none}
     * @param encryption {@code AES-256-GCM} or null
     * @param keyId the repository key's id when encrypted
     */
    public record Codec(String compression, String encryption, String keyId) {}

    /**
     * @param preData {@code pg_dump --schema-only --section=pre-data}: types, tables
     * @param postData {@code --section=post-data}: indexes, constraints, triggers
     * @param sequences {@code setval} statements for the sequences' positions
     * @param fingerprint {@code schema.table} → SHA-256 of its columns, constraints and indexes at
     *     backup time (see SchemaFingerprint); absent in points taken before drkit recorded it
     */
    public record SchemaFiles(StoredFile preData, StoredFile postData, StoredFile sequences,
            Map<String, String> fingerprint) {}

    /** An object of the point: its key relative to the repository root, stored size and SHA-256. */
    public record StoredFile(String key, long bytes, String sha256) {}

    /**
     * @param partitionRoot for a partition, the partitioned table it belongs to; null otherwise
     * @param columns the columns in the COPY data, in order (generated columns are left out)
     * @param digest order-independent content digest of the table's COPY text (see ContentDigest)
     */
    public record TableEntry(
            String schema,
            String name,
            String partitionRoot,
            List<String> columns,
            long rows,
            String digest,
            List<PartEntry> parts) {}

    /**
     * @param bytes stored size (compressed, encrypted)
     * @param copyBytes size of the COPY text before compression
     */
    public record PartEntry(String key, long bytes, long copyBytes, String sha256, long rows, String digest) {}

    /** Wall times of the backup's phases, in milliseconds. */
    public record Timings(Instant started, Instant finished, long snapshotMillis, long schemaMillis, long dataMillis) {}
}
