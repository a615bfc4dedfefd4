package io.drkit.core.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a recovery point holds: written last, its presence under {@code points/<id>/manifest.json}
 * is what makes the point exist. Documented field by field in the README; {@link #FORMAT_VERSION}
 * changes whenever a reader written for the previous one could misread it.
 *
 * @param time the point's time: the source's clock when the snapshot was exported
 * @param parent for incremental points, the point they apply on top of; null for full points
 * @param tables every table as it stands at the point: for an incremental point, rows and digest
 *     describe the table at that point, and its parts are empty (the rows are in the chain's full point)
 * @param changes the change capture of the chain: for a full point, the slot and where it starts;
 *     for an incremental point, also the change parts; null when the point has no chain
 * @param access what applications need beside the tables (roles, owners, grants, policies,
 *     database settings, extensions); an incremental point names its full point's; null in points
 *     taken before drkit recorded it
 * @param warnings what the backup could not capture and why, one line each; null or empty when
 *     nothing was missed
 * @param digestAlgorithm the per-row hash of every content digest in the point ({@code xxh3-128-sum});
 *     an incremental point has its chain's; null in points written before it was recorded, whose
 *     digests are {@code sha256-sum} (see io.drkit.core.digest.DigestAlgorithm)
 * @param lastProven for an incremental point taken without digests ({@code drkit.incremental.digests}):
 *     the newest earlier point of its chain that has them. Such a point's changed tables carry row
 *     counts derived from the stream and no digest; a later point with digests proves their content.
 *     Absent (null) for a point with digests, and in points written before drkit could skip them
 */
public record Manifest(
        int formatVersion,
        PointId pointId,
        String kind,
        PointId parent,
        Instant time,
        SourceIdentity source,
        SnapshotRef snapshot,
        Codec codec,
        SchemaFiles schema,
        List<TableEntry> tables,
        Timings timings,
        String toolVersion,
        Changes changes,
        Access access,
        List<String> warnings,
        String digestAlgorithm,
        @JsonInclude(JsonInclude.Include.NON_NULL) PointId lastProven) {

    /** A point with digests: every point but an incremental one taken without them. */
    public Manifest(int formatVersion, PointId pointId, String kind, PointId parent, Instant time, SourceIdentity source,
            SnapshotRef snapshot, Codec codec, SchemaFiles schema, List<TableEntry> tables, Timings timings,
            String toolVersion, Changes changes, Access access, List<String> warnings, String digestAlgorithm) {
        this(formatVersion, pointId, kind, parent, time, source, snapshot, codec, schema, tables, timings, toolVersion,
                changes, access, warnings, digestAlgorithm, null);
    }

    /** A point with digests whose algorithm is not recorded (the SHA sum of points written before it was). */
    public Manifest(int formatVersion, PointId pointId, String kind, PointId parent, Instant time, SourceIdentity source,
            SnapshotRef snapshot, Codec codec, SchemaFiles schema, List<TableEntry> tables, Timings timings,
            String toolVersion, Changes changes, Access access, List<String> warnings) {
        this(formatVersion, pointId, kind, parent, time, source, snapshot, codec, schema, tables, timings, toolVersion,
                changes, access, warnings, null, null);
    }

    /** Full points: an incremental point is format 2, which an older drkit refuses rather than misreads. */
    public static final int FORMAT_VERSION = 1;
    public static final int INCREMENTAL_FORMAT_VERSION = 2;
    /**
     * An incremental point without digests: a drkit that knows only format 2 would take its missing
     * digests for damage, or build the next point's digests on them, so it refuses the point instead.
     */
    public static final int UNPROVEN_FORMAT_VERSION = 3;

    /** The format version a manifest of this kind, with or without digests, is written with. */
    public static int formatVersion(boolean incremental, boolean digests) {
        return !incremental ? FORMAT_VERSION : digests ? INCREMENTAL_FORMAT_VERSION : UNPROVEN_FORMAT_VERSION;
    }

    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    public boolean incremental() {
        return INCREMENTAL.equals(kind);
    }

    /**
     * Whether every table's content digest is recorded at this point. False for an incremental point
     * taken without digests: its changed tables have row counts only ({@link TableEntry#proven()}),
     * and the nearest later point of the chain that has digests proves their content (see ProvenAt).
     */
    public boolean hasDigests() {
        return lastProven == null;
    }

    /** Every object this manifest names, its own and (for an incremental point) the schema files it shares. */
    public List<StoredFile> objects() {
        List<StoredFile> all = new java.util.ArrayList<>(List.of(schema.preData(), schema.postData(), schema.sequences()));
        if (access != null) {
            all.addAll(access.files());
        }
        tables.forEach(t -> t.parts().forEach(p -> all.add(new StoredFile(p.key(), p.bytes(), p.sha256()))));
        if (changes != null && incremental()) {
            changes.parts().forEach(p -> all.add(new StoredFile(p.key(), p.bytes(), p.sha256())));
        }
        return all;
    }

    /**
     * The objects an incremental point names but does not hold: its full point's schema and access
     * record, under that point's folder. Empty for a full point.
     */
    public List<StoredFile> sharedWithFullPoint() {
        if (!incremental()) {
            return List.of();
        }
        List<StoredFile> shared = new java.util.ArrayList<>(List.of(schema.preData(), schema.postData()));
        if (access != null) {
            shared.addAll(access.files());
        }
        return shared;
    }

    public long rows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    public long storedBytes() {
        long changeBytes = changes == null || !incremental() ? 0
                : changes.parts().stream().mapToLong(ChangePart::bytes).sum();
        // an incremental point whose sequences did not move names an earlier point's file and stores none
        long schemaBytes = incremental() ? (schema.sequences().key().startsWith("points/" + pointId + "/")
                ? schema.sequences().bytes() : 0)
                : schema.preData().bytes() + schema.postData().bytes() + schema.sequences().bytes()
                        + (access == null ? 0 : access.files().stream().mapToLong(StoredFile::bytes).sum());
        return tables.stream().flatMap(t -> t.parts().stream()).mapToLong(PartEntry::bytes).sum() + changeBytes
                + schemaBytes;
    }

    /** What the backup could not capture; empty for points that missed nothing or predate the record. */
    public List<String> warningsOrNone() {
        return warnings == null ? List.of() : warnings;
    }

    /** Whether the point's parts were written by tier ({@code drkit.tiers.hot}), so it can be restored in stages. */
    public boolean tiered() {
        return tables.stream().flatMap(t -> t.parts().stream()).anyMatch(p -> p.tier() != null);
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
     * @param encryption {@code AES256_GCM_HKDF_1MB} (Tink; {@code AES-256-GCM} in points written before it) or null
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
     * @param digest order-independent content digest of the table's COPY text (see ContentDigest);
     *     null at an incremental point without digests for a table changed since the last point with
     *     them (its rows are counted from the stream)
     * @param tiers the rows and digest of each tier ({@code hot} first), whose sum and combination are
     *     {@code rows} and {@code digest}; absent (null) in points taken without tiers
     */
    public record TableEntry(
            String schema,
            String name,
            String partitionRoot,
            List<String> columns,
            long rows,
            String digest,
            List<PartEntry> parts,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<TierFigures> tiers) {

        /** A table of a point taken without tiers. */
        public TableEntry(String schema, String name, String partitionRoot, List<String> columns, long rows,
                String digest, List<PartEntry> parts) {
            this(schema, name, partitionRoot, columns, rows, digest, parts, null);
        }

        /** Whether the table's content is proven at this point, not only its rows counted. */
        public boolean proven() {
            return digest != null;
        }

        /** The rows of one tier (0 when the table has none, or the point no tiers). */
        public long rows(Tier tier) {
            return tiers == null ? 0 : tiers.stream().filter(f -> f.tier() == tier).mapToLong(TierFigures::rows).sum();
        }
    }

    /** One tier of a table: its rows and their order-independent content digest. */
    public record TierFigures(Tier tier, long rows, String digest) {}

    /**
     * @param bytes stored size (compressed, encrypted)
     * @param copyBytes size of the COPY text before compression
     * @param tier the tier of the part's rows; absent (null) in points taken without tiers
     */
    public record PartEntry(String key, long bytes, long copyBytes, String sha256, long rows, String digest,
            @JsonInclude(JsonInclude.Include.NON_NULL) Tier tier) {

        /** A part of a point taken without tiers. */
        public PartEntry(String key, long bytes, long copyBytes, String sha256, long rows, String digest) {
            this(key, bytes, copyBytes, sha256, rows, digest, null);
        }
    }

    /**
     * What applications depend on beside the tables' rows and shapes. The three files are written
     * through the point's codec like every other object (encrypted when a key is configured).
     *
     * @param roles {@code schema/roles.sql}: the roles the objects name, with attributes and
     *     memberships, created only where missing, without LOGIN and password (psql runs it before pre-data)
     * @param privileges {@code schema/privileges.sql}: owners, grants and default privileges (pg_dump's),
     *     and the database's settings (psql runs it last)
     * @param catalog {@code schema/access.json}: the same as records, and each object's access lines
     *     (what {@code verify --restore} names a difference with); role password hashes only when captured
     * @param roleNames the roles recorded, by name
     * @param fingerprint per object ({@code table tracking.stations}, {@code schema tracking}, ...), the
     *     SHA-256 of its owner, grants, policies, row-level security and comment at backup time
     * @param settings {@code ALTER DATABASE ... SET} and {@code ALTER ROLE ... IN DATABASE ... SET}
     * @param extensions the database's extensions with their versions
     * @param rolePasswords whether role password hashes were captured (in {@code catalog} only)
     */
    public record Access(StoredFile roles, StoredFile privileges, StoredFile catalog, List<String> roleNames,
            Map<String, String> fingerprint, List<Setting> settings, List<Extension> extensions,
            boolean rolePasswords) {

        public List<StoredFile> files() {
            return List.of(roles, privileges, catalog);
        }
    }

    /**
     * A setting the database gives its sessions.
     *
     * @param role null for {@code ALTER DATABASE ... SET}; the role for {@code ALTER ROLE ... IN DATABASE ... SET}
     * @param value as PostgreSQL stores it ({@code tracking, public} for a search path)
     */
    public record Setting(String role, String name, String value) {}

    /** An extension installed in the database, at its version, in its schema. */
    public record Extension(String name, String version, String schema) {}

    /** Wall times of the backup's phases, in milliseconds. */
    public record Timings(Instant started, Instant finished, long snapshotMillis, long schemaMillis, long dataMillis) {}

    /**
     * Change capture through logical decoding. A chain is a full point and the incremental points
     * after it; each incremental holds the transactions that committed in {@code [fromLsn, toLsn)}.
     *
     * @param slot the logical replication slot the chain reads
     * @param publication the publication of the chain's tables
     * @param fromLsn where this point's changes start (the parent's {@code toLsn}); null for a full point
     * @param toLsn the point's position: every transaction that committed before it is in the point
     *     (for a full point, the slot's consistent point, at which its snapshot was taken)
     * @param transactions transactions in this point's changes
     * @param parts change parts, one per table with changes; empty for a full point
     */
    public record Changes(String slot, String publication, String fromLsn, String toLsn, long transactions,
            List<ChangePart> parts) {}

    /**
     * A table's changes in one incremental point: COPY text of rows {@code lsn, seq, committed, op,
     * unchanged, <the table's columns>}, in commit order (see the README).
     *
     * @param rowKey the columns that identify a row (primary key or replica identity index)
     * @param rows change rows in the part
     * @param digest content digest of the part's COPY text
     * @param firstCommit commit time of its first transaction
     * @param lastCommit commit time of its last transaction
     */
    public record ChangePart(String table, List<String> rowKey, String key, long bytes, long copyBytes, String sha256, long rows,
            String digest, Instant firstCommit, Instant lastCommit) {}
}
