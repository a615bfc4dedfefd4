package io.drkit.cli.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.drkit.core.codec.RepositoryKey;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.repository.PointLayout;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.store.ObjectStore;

/**
 * The repository: a small object written, read back and deleted (what every backup and report does),
 * then its descriptor and the configured key against the key ids it records.
 */
final class RepositoryCheck {

    static final String TARGET = "repository";

    /** What the repository check learnt, for the slot check: the newest full point. */
    record Outcome(List<Finding> findings, Optional<Manifest> newestFull) {}

    private RepositoryCheck() {}

    static Outcome run(ObjectStore store, java.nio.file.Path keyFile) {
        List<Finding> found = new ArrayList<>();
        String key = "drkit-check-" + UUID.randomUUID() + ".tmp";
        byte[] probe = ("drkit check " + key).getBytes(StandardCharsets.UTF_8);
        String rw = "writable and readable";
        try {
            store.put(key, probe);
        } catch (RuntimeException e) {
            found.add(Finding.problem(TARGET, rw, "cannot write to " + store.uri() + ": " + reason(e),
                    store.uri().startsWith("s3://") ? "check the bucket exists (drkit init creates it), the endpoint"
                            + " (DRKIT_S3_ENDPOINT) and that the credentials may s3:PutObject, s3:GetObject, s3:DeleteObject"
                            + " and s3:ListBucket" : "create the directory and let drkit's user write to it"));
            found.add(Finding.skipped("encryption", "the key matches the repository", "the repository cannot be written"));
            return new Outcome(found, Optional.empty());
        }
        try {
            byte[] back = store.read(key);
            store.delete(key);
            boolean gone = !store.exists(key);
            if (!Arrays.equals(back, probe)) {
                found.add(Finding.problem(TARGET, rw, "an object written to " + store.uri() + " read back different",
                        "check the object store: it does not keep what it is given"));
            } else if (!gone) {
                found.add(Finding.problem(TARGET, rw, "an object deleted from " + store.uri() + " is still there",
                        "let drkit's credentials delete objects (s3:DeleteObject): prune and failed backups need it"));
            } else {
                found.add(Finding.ok(TARGET, rw, "an object written, read back and deleted in " + store.uri()));
            }
        } catch (RuntimeException e) {
            found.add(Finding.problem(TARGET, rw, "wrote to " + store.uri() + " but then: " + reason(e),
                    "let drkit's credentials read, list and delete objects as well as write them"));
        }
        return keyAndDescriptor(store, keyFile, found);
    }

    private static Outcome keyAndDescriptor(ObjectStore store, java.nio.file.Path keyFile, List<Finding> found) {
        String matches = "the key matches the repository";
        RepositoryKey key;
        try {
            key = keyFile == null ? null : RepositoryKey.load(keyFile);
        } catch (DrkitException e) {
            found.add(Finding.problem("encryption", "the key file is readable", e.getMessage(),
                    "point DRKIT_ENCRYPTION_KEY_FILE at the repository's key file, readable by drkit's user"));
            return new Outcome(found, Optional.empty());
        }
        if (!store.exists(PointLayout.DESCRIPTOR)) {
            found.add(Finding.problem(TARGET, "initialised (drkit.json)", "no drkit.json in " + store.uri(),
                    "run `drkit init` once (with --generate-key FILE for an encrypted repository)"));
            return new Outcome(found, Optional.empty());
        }
        PointRepository repository;
        try {
            repository = PointRepository.open(store, key);
        } catch (DrkitException e) {
            found.add(e.exitCode() == ExitCode.INTEGRITY
                    ? Finding.problem(TARGET, "initialised (drkit.json)", e.getMessage(),
                            "restore drkit.json from a copy, or run `drkit init` on a new repository")
                    : Finding.problem("encryption", matches, e.getMessage(), "use the key the repository was"
                            + " initialised with (drkit.json records its id), or unset DRKIT_ENCRYPTION_KEY_FILE for an"
                            + " unencrypted repository"));
            return new Outcome(found, Optional.empty());
        }
        found.add(Finding.ok(TARGET, "initialised (drkit.json)", "format version " + repository.descriptor().formatVersion()));
        found.add(Finding.ok("encryption", matches, key == null ? "not encrypted, and no key configured"
                : "key id " + key.id() + " is the repository's"));
        Optional<Manifest> newestFull = Optional.empty();
        try {
            newestFull = repository.points().stream().filter(m -> "full".equals(m.kind())).findFirst();
        } catch (RuntimeException e) {
            found.add(Finding.problem(TARGET, "points readable", reason(e), "run `drkit verify --all` to find what is damaged"));
        }
        return new Outcome(found, newestFull);
    }

    private static String reason(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return io.drkit.core.pg.JdbcUrl.redact(message.lines().findFirst().orElse(message));
    }
}
