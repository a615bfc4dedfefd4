package io.drkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.backup.BackupResult;
import io.drkit.backup.BackupService;
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

/** Repository verification's service in this JVM: a whole point passes, one flipped byte in one part is found and named. */
@ExtendWith(RealServices.class)
class ObjectVerifyServiceTest {

    private static final ProgressReporter QUIET = new ProgressReporter(ProgressReporter.Mode.SILENT, System.err);

    @Test
    void readsEveryObjectAndNamesTheOneWhoseBytesChanged(TestDatabase source, TestDatabase catalog, @TempDir Path dir)
            throws IOException {
        TrackingSchema.migrate(source.url());
        TrackingSeeder.seed(source.url(), 100, 7, Progress.NONE);
        Path repo = dir.resolve("repo");
        try (ServiceContext services = ServiceContext.start(Map.of("drkit.source-url", source.url().url(),
                "drkit.catalog-url", catalog.url().url(), "drkit.repository", repo.toUri().toString()))) {
            RepositoryOpener opener = services.get(RepositoryOpener.class);
            try (ObjectStore store = opener.store(1)) {
                store.createContainer();
                PointRepository.init(store, opener.key());
            }
            BackupResult backup = services.get(BackupService.class).full(QUIET, line -> { });
            ObjectVerifyService verifier = services.get(ObjectVerifyService.class);

            ObjectVerifyResult whole = verifier.verify(null, true, null, QUIET);

            assertThat(whole.verdict()).isEqualTo(ObjectVerifyResult.Verdict.WHOLE);
            assertThat(whole.objectsRead()).isEqualTo(whole.objectsInPoints()).isEqualTo(backup.manifest().objects().size());

            Manifest.PartEntry part = backup.manifest().tables().stream().flatMap(t -> t.parts().stream())
                    .filter(p -> p.bytes() > 100).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(repo.resolve(part.key()).toFile(), "rw")) {
                file.seek(part.bytes() / 2);
                int b = file.read();
                file.seek(part.bytes() / 2);
                file.write(b ^ 0x01);
            }
            ObjectVerifyResult damaged = verifier.verify(null, true, null, QUIET);

            assertThat(damaged.verdict()).isEqualTo(ObjectVerifyResult.Verdict.DAMAGED);
            assertThat(damaged.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.key()).isEqualTo(part.key());
                assertThat(problem.kind()).isEqualTo(ObjectProblem.Kind.CHECKSUM);
                assertThat(problem.damage()).isTrue();
            });
        }
    }
}
