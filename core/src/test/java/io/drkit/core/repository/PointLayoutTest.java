package io.drkit.core.repository;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.drkit.core.manifest.PointId;

class PointLayoutTest {

    private static final PointId POINT = PointId.of("20261127T010000Z-full-3f2a");

    @Test
    void anAttemptsKeyIsToldFromAPartsKeyByTheObjectsOwnNameOnly() {
        String part = PointLayout.part(POINT, "ops.attempt-log", 3, ".zst.enc");
        String attempt = PointLayout.attempt(part, "9c1e02ab");

        assertThat(PointLayout.isAttempt(attempt)).isTrue();
        // a table whose name holds the marker is a table, and its parts are parts
        assertThat(PointLayout.isAttempt(part)).as(part).isFalse();
        assertThat(PointLayout.isAttempt(PointLayout.attempt(
                PointLayout.part(POINT, "public.x", 0, "hot", ".zst"), "ab12"))).isTrue();
        assertThat(PointLayout.isAttempt("points/p/data/public.x/00000.copy.zst.attempt-")).isFalse();
    }
}
