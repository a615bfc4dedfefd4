package io.drkit.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.TestInfo;

import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.testing.S3Service;
import io.drkit.core.testing.TestDatabase;

/**
 * The two kinds of repository a test runs on: a directory ({@code file://}) or a bucket of its own on
 * the test S3 endpoint (S3Proxy on loopback). A scenario runs on one of them per run, chosen where the
 * test is written, so that every behaviour is proven on S3 without doubling the suite.
 */
public enum TestStore {
    FILES, S3;

    /** {@link #S3} for a test marked {@link OnS3}, else {@link #FILES}. */
    public static TestStore of(TestInfo test) {
        return test.getTestMethod().filter(m -> m.isAnnotationPresent(OnS3.class)).isPresent() ? S3 : FILES;
    }

    /** A seeded-later source, a catalog and a repository of this kind, driven through the command line. */
    public BackupFixture fixture(TestDatabase source, TestDatabase catalog, Path dir) {
        return switch (this) {
            case FILES -> BackupFixture.onFiles(source, catalog, dir);
            case S3 -> BackupFixture.onS3(source, catalog, dir, S3Service.get().createBucket("repo"));
        };
    }
}
