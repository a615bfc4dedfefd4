package io.drkit.restore;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.stereotype.Component;

import io.drkit.core.error.DrkitException;
import io.drkit.core.batch.LiveRuns;
import io.drkit.core.manifest.Manifest.PartEntry;
import io.drkit.core.manifest.Tier;

/**
 * The serving moment of a staged restore: stage 1 is done (hot tier loaded, keys, indexes, sequences,
 * grants), so the database takes reads and writes. Says so, runs {@code --on-serving}, tells the
 * request's listener, and records the moment. It runs again when a killed restore is continued: the
 * database serves again from that run's moment.
 *
 * <p>The command runs to its end before stage 2 starts, its output going to stderr. Its failure is
 * reported, not fatal: the database serves and stage 2 must still make it whole, so stopping the
 * restore there would leave a half database behind instead of a complete one.
 */
@Component
class ServingTasklet extends RestoreTasklet {

    ServingTasklet(LiveRuns runs) {
        super(runs);
    }

    @Override
    void run(ActiveRestore r, StepContribution contribution, ChunkContext chunk) throws Exception {
        Staging staging = r.staging();
        long hot = rows(r, Tier.HOT);
        Instant at = Instant.now();
        staging.log().accept("restore: serving: database " + r.target().name() + " takes reads and writes: the hot tier ("
                + hot + " rows) is loaded and indexed; the cold tier (" + rows(r, Tier.COLD) + " rows) loads behind it");
        String failure = staging.onServing() == null ? null : command(r, staging.onServing());
        if (failure != null) {
            staging.log().accept("restore: warning: --on-serving " + failure + "; the restore goes on");
        }
        staging.served(at, failure);
        if (staging.listener() != null) {
            staging.listener().serving(new ServingMoment(at, r.target().name(), hot));
        }
    }

    private static long rows(ActiveRestore r, Tier tier) {
        return r.restoredTables().stream().flatMap(t -> t.parts().stream()).filter(p -> p.tier() == tier)
                .mapToLong(PartEntry::rows).sum();
    }

    /** @return why the command failed, or null when it exited 0 */
    private static String command(ActiveRestore r, String command) {
        // its stdout goes to stderr: drkit's stdout is the --json document
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "exec 1>&2\n" + command);
        pb.redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("DRKIT_SERVING_HOST", r.target().url().host());
        env.put("DRKIT_SERVING_PORT", String.valueOf(r.target().url().port()));
        env.put("DRKIT_SERVING_DATABASE", r.target().url().database());
        env.put("DRKIT_SERVING_JDBC_URL", r.target().url().url());
        if (r.target().url().user() != null) {
            env.put("DRKIT_SERVING_USER", r.target().url().user());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return "could not start: " + e.getMessage();
        }
        try {
            p.waitFor(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw DrkitException.failed("the restore was stopped while --on-serving ran", e);
        }
        return p.exitValue() == 0 ? null : "exited with " + p.exitValue();
    }
}
