package io.drkit.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestBucket;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * The nightly job's promise: a point, restored by hand with only the AWS CLI, zstd and psql (the
 * README's break-glass path), holds exactly the source's data.
 */
@ExtendWith(RealServices.class)
class BackupRoundTripIT {

    @TempDir
    Path dir;

    @Test
    void aPointOnAFileRepositoryRestoresByHandToTheSourcesExactData(TestDatabase source, TestDatabase catalog,
            TestDatabase target) throws Exception {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(3000);
        assertThat(f.init().get("created").asBoolean()).isTrue();

        JsonNode point = f.backup();

        assertThat(point.get("parts").asInt()).as("big tables are split into parts").isGreaterThan(point.get("tableCount").asInt());
        assertThat(point.get("storedBytes").asLong()).isLessThan(point.get("copyBytes").asLong());
        assertRestoresIdentically(f, point, target);
    }

    @Test
    void aPointOnS3RestoresByHandThroughTheAwsCli(TestDatabase source, TestDatabase catalog, TestDatabase target,
            TestBucket bucket) throws Exception {
        BackupFixture f = BackupFixture.onS3(source, catalog, dir, bucket).seeded(2000);
        f.init();

        JsonNode point = f.backup();

        assertRestoresIdentically(f, point, target);
    }

    @Test
    void listShowsPointsNewestFirstAndInitIsIdempotent(TestDatabase source, TestDatabase catalog) {
        BackupFixture f = BackupFixture.onFiles(source, catalog, dir).seeded(200);
        f.init();
        assertThat(f.init().get("created").asBoolean()).as("a second init changes nothing").isFalse();
        assertThat(f.list()).isEmpty();

        String first = f.backup().get("pointId").asString();
        String second = f.backup().get("pointId").asString();

        List<String> listed = new ArrayList<>();
        f.list().forEach(p -> listed.add(p.get("pointId").asString()));
        assertThat(listed).containsExactly(second, first);
        assertThat(f.drkit("list").stdout()).contains(first).contains(second).contains("ROWS");
    }

    private static void assertRestoresIdentically(BackupFixture f, JsonNode point, TestDatabase target) throws Exception {
        String pointId = point.get("pointId").asString();
        assertThat(f.list().get(0).get("pointId").asString()).isEqualTo(pointId);
        assertThat(f.list().get(0).get("rows").asLong()).isEqualTo(point.get("rows").asLong());

        String out = f.breakGlassInto(pointId, target);

        assertThat(out).contains("restored point " + pointId);
        assertThat(BackupFixture.dataDump(target)).isEqualTo(BackupFixture.dataDump(f.source));
    }
}
