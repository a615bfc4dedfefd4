package io.drkit.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.restore.ServingMoment;
import io.drkit.tracking.ServingFigures;
import io.drkit.tracking.ServingTraffic;
import io.drkit.verify.restore.RestoreStages;
import io.drkit.verify.restore.ServingProof;

/**
 * A drill's part in a staged restore. At the serving moment (stage 2 waiting) it proves the hot tier
 * and stops the clock of the RTO to serving; with {@code --with-traffic} it then puts the tracking
 * service's lookups and scans on the restored database until the restore is complete, and takes
 * those scans out again before the final proof.
 */
final class ServingWatch implements AutoCloseable {

    private final DrillRequest request;
    private final RuntimeSettings settings;
    private final Manifest point;
    private final Consumer<String> log;
    private volatile ServingStage stage;
    private volatile ServingTraffic traffic;

    ServingWatch(DrillRequest request, RuntimeSettings settings, Manifest point, Consumer<String> log) {
        this.request = request;
        this.settings = settings;
        this.point = point;
        this.log = log;
    }

    RestoreStages stages() {
        return new RestoreStages(this::serving, this::restored);
    }

    /** What the first stage gave; null when the restore never served before it was complete. */
    ServingStage stage() {
        return stage;
    }

    private void serving(ServingMoment moment) {
        JdbcUrl database = settings.scratchUrl().withDatabase(moment.database());
        ServingProof proof = ServingProof.of(database, point, settings.properties().verify().checks(),
                settings.properties().restore().effectiveParallelism());
        Instant proven = Instant.now();
        stage = new ServingStage(moment.at(), Duration.between(request.declaredAt(), proven).toMillis(), proof, null);
        log.accept("drill: serving " + (proof.passed() ? "proven" : "NOT proven") + " at " + proven + ": "
                + proof.hotRows() + " hot rows " + (proof.passed() ? "equal the backup's" : "differ from the backup's")
                + "; RTO to serving " + io.drkit.core.objectives.Durations.human(stage.rtoMillis()));
        if (request.trafficRate() != null) {
            traffic = ServingTraffic.start(database, request.trafficRate());
            log.accept("drill: lookups and scans at " + request.trafficRate() + "/s on the restored database while"
                    + " its history loads");
        }
    }

    private void restored() {
        ServingTraffic t = traffic;
        if (t == null) {
            return;
        }
        traffic = null;
        ServingFigures figures = t.stop();
        t.removeWrites();
        stage = stage.withTraffic(figures);
    }

    /** Stops the traffic of a restore that failed in stage 2. */
    @Override
    public void close() {
        ServingTraffic t = traffic;
        if (t != null) {
            traffic = null;
            stage = stage.withTraffic(t.stop());
        }
    }
}
