package io.drkit.restore;

import static io.drkit.core.testing.RestoredDatabaseAssert.assertThatRestored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.backup.BackupResult;
import io.drkit.backup.BackupService;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.progress.Progress;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectStore;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.ServiceContext;
import io.drkit.core.testing.SourceCapture;
import io.drkit.core.testing.TestDatabase;
import io.drkit.tracking.TrackingSchema;
import io.drkit.tracking.TrackingSeeder;

/** The restore's service in this JVM, held to the source as pg_dump sees it. */
@ExtendWith(RealServices.class)
class RestoreServiceTest {

    private static final ProgressReporter QUIET = new ProgressReporter(ProgressReporter.Mode.SILENT, System.err);

    @Test
    void restoresThePointIntoAnEmptyDatabaseAsTheSourceStoodAndRefusesOneThatHoldsTables(TestDatabase source,
            TestDatabase catalog, TestDatabase target, @TempDir Path dir) {
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), 150, 7, Progress.NONE);
        SourceCapture before = SourceCapture.of(source);
        try (ServiceContext services = ServiceContext.start(Map.of("drkit.source-url", source.url().url(),
                "drkit.catalog-url", catalog.url().url(), "drkit.scratch-url", catalog.url().url(),
                "drkit.repository", dir.resolve("repo").toUri().toString()))) {
            RepositoryOpener opener = services.get(RepositoryOpener.class);
            try (ObjectStore store = opener.store(1)) {
                store.createContainer();
                PointRepository.init(store, opener.key());
            }
            BackupResult backup = services.get(BackupService.class).full(QUIET, line -> { });
            RestoreService restores = services.get(RestoreService.class);

            RestoreResult restored = restores.restore(new RestoreRequest(null, null, target.url(), List.of(), true, false),
                    QUIET, line -> { });

            assertThat(restored.point().pointId()).isEqualTo(backup.manifest().pointId());
            assertThat(restored.database()).isEqualTo(target.name());
            assertThatRestored(target.url()).isTheSource(before);
            JdbcUrl restoredTarget = target.url();
            assertThatThrownBy(() -> restores.restore(new RestoreRequest(null, null, source.url(), List.of(), true, false),
                    QUIET, line -> { }))
                    .as("the source itself, which holds tables, is never a restore's target")
                    .isInstanceOfSatisfying(DrkitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                    .hasMessageContaining("it is the source of point " + backup.manifest().pointId());
            assertThatRestored(restoredTarget).isTheSource(before);
        }
    }
}
