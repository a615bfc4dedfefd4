package io.drkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.manifest.Manifest;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.ServiceContext;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;

/** The full backup's service in this JVM: what it stores, read back through the repository rather than its own result. */
@ExtendWith(RealServices.class)
class BackupServiceTest {

    @Test
    void aFullBackupStoresEveryTableWithTheSourcesRowsAndEachRunIsAPointOfItsOwn(TestDatabase source, TestDatabase catalog,
            @TempDir Path dir) throws SQLException {
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), 150, 7, Progress.NONE);
        String repository = dir.resolve("repo").toUri().toString();
        try (ServiceContext services = ServiceContext.start(Map.of("drkit.source-url", source.url().url(),
                "drkit.catalog-url", catalog.url().url(), "drkit.repository", repository))) {
            RepositoryOpener opener = services.get(RepositoryOpener.class);
            try (ObjectStore store = opener.store(1)) {
                store.createContainer();
                PointRepository.init(store, opener.key());
            }
            BackupService backups = services.get(BackupService.class);
            ProgressReporter quiet = new ProgressReporter(ProgressReporter.Mode.SILENT, System.err);

            BackupResult first = backups.full(quiet, line -> { });
            BackupResult second = backups.full(quiet, line -> { });

            assertThat(second.manifest().pointId()).isNotEqualTo(first.manifest().pointId());
            try (PointRepository stored = opener.open(1)) {
                assertThat(stored.points()).extracting(Manifest::pointId)
                        .containsExactlyInAnyOrder(first.manifest().pointId(), second.manifest().pointId());
                Manifest read = stored.manifest(first.manifest().pointId());
                assertThat(read.tables()).isNotEmpty();
                for (Manifest.TableEntry table : read.tables()) {
                    assertThat(table.rows()).as(table.schema() + "." + table.name())
                            .isEqualTo(count(source, table.schema() + "." + table.name()));
                    assertThat(table.parts()).allSatisfy(part -> assertThat(Files.size(dir.resolve("repo").resolve(part.key())))
                            .as(part.key()).isEqualTo(part.bytes()));
                }
            }
        }
    }

    private static long count(TestDatabase db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
