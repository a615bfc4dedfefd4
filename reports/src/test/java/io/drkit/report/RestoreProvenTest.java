package io.drkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.drkit.verify.restore.RestoreVerification;

/** Which restore verifications make their points proven (recorded in {@code drkit_verified_point}). */
class RestoreProvenTest {

    private static final Report.TableRow EQUAL = new Report.TableRow("tracking.shipments", 10, 10L, "d", "d", true);

    @Test
    void allTablesEqualAndEveryCheckPassedOrUnableToRunHereIsProven() {
        assertThat(verification(List.of(new Report.CheckRow("constraints", "fk", true, "", 1),
                new Report.CheckRow("business", RestoreVerification.NO_BUSINESS_CHECKS_NAME, null, "", 0)))
                .restoreProven()).isTrue();
    }

    @Test
    void aPointWhoseContentProofCouldNotRunIsNotProven() {
        assertThat(verification(List.of(new Report.CheckRow(RestoreVerification.CONTENT_PROOF, "not proven", null,
                "no later point with digests", 0))).restoreProven()).isFalse();
    }

    @Test
    void aPointProvenAtALaterPointIsProven() {
        assertThat(verification(List.of(new Report.CheckRow(RestoreVerification.CONTENT_PROOF, "proven at p3", true,
                "2 tables read back equal", 0))).restoreProven()).isTrue();
    }

    @Test
    void aFailedCheckIsNotProven() {
        assertThat(verification(List.of(new Report.CheckRow(RestoreVerification.CONTENT_PROOF, "proven at p3", false,
                "table tracking.stations differs", 0))).restoreProven()).isFalse();
    }

    private static Report verification(List<Report.CheckRow> checks) {
        Instant t = Instant.parse("2026-11-27T12:00:00Z");
        return new Report(Report.FORMAT_VERSION, "r1", Report.Kind.VERIFY_RESTORE, Report.Verdict.PASSED, "",
                t.minusSeconds(60), t, 60_000, "file:///repo/", List.of(), null, List.of(EQUAL), checks, List.of(),
                List.of(), Map.of(), null, null, null, null, null, null, null, null, null, null);
    }
}
