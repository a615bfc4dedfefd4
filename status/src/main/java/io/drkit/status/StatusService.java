package io.drkit.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.changes.ChangePublication;
import io.drkit.core.changes.ChangeSlots;
import io.drkit.core.changes.SlotRetention;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.progress.Sizes;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.drill.DrillHistory;
import io.drkit.drill.DrillHistory.PastDrill;
import io.drkit.core.error.DrkitException;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.metrics.JobName;
import io.drkit.core.objectives.RecoveryObjectives;
import io.drkit.report.VerifiedPoints;
import io.drkit.report.VerifiedPoints.VerifiedPoint;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;

/** The current RPO against its target, the last runs of each job and the newest verified point. */
@Service
public class StatusService {

    /** Spring Batch job names, as operators know the jobs: by the names the schedules and metrics use. */
    private static final Map<String, String> JOBS = new LinkedHashMap<>();

    static {
        JOBS.put("fullBackup", JobName.FULL_BACKUP.key());
        JOBS.put("incrementalBackup", JobName.INCREMENTAL_BACKUP.key());
        JOBS.put("restore", JobName.RESTORE.key());
        // a staged restore is a restore to whoever watches: its runs count as the restore's
        JOBS.put("stagedRestore", JobName.RESTORE.key());
        JOBS.put("verifyObjects", JobName.VERIFY.key());
        JOBS.put("verifyRestore", JobName.VERIFY_RESTORE.key());
    }

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;
    private final VerifiedPoints verifiedPoints;
    private final DrillHistory drills;

    public StatusService(RuntimeSettings settings, RepositoryOpener opener, Catalog catalog,
            VerifiedPoints verifiedPoints, DrillHistory drills) {
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
        this.verifiedPoints = verifiedPoints;
        this.drills = drills;
    }

    public Status now() {
        DrkitProperties.Targets targets = settings.properties().targets();
        Instant now = Instant.now();
        List<Manifest> points;
        RepositoryIdentity repository;
        try (PointRepository opened = opener.open(4)) {
            repository = opened.identity();
            points = opened.points();
        }
        List<Instant> times = points.stream().map(Manifest::time).toList();
        Duration rpo = RecoveryObjectives.rpoAt(now, times);
        RecoveryObjectives.Gap worst = RecoveryObjectives.worstRpo(times, now, targets.window());
        Optional<VerifiedPoint> verified = verifiedPoints.newest(repository, now);
        List<PastDrill> lastDrill = drills.newest(repository, 1);
        Manifest newest = points.isEmpty() ? null : points.get(0);
        return new Status(repository.uri(), now, rpo != null && rpo.compareTo(targets.rpo()) <= 0,
                rpo == null ? null : rpo.toMillis(), targets.rpo().toMillis(),
                newest == null ? null : newest.pointId(), newest == null ? null : newest.time(),
                verified.map(v -> Duration.between(v.pointTime(), now).toMillis()).orElse(null),
                verified.map(VerifiedPoint::pointId).orElse(null), verified.map(VerifiedPoint::pointTime).orElse(null),
                worst == null ? null : worst.length().toMillis(), targets.window().toMillis(), jobRuns(repository),
                lastDrill.isEmpty() ? null : lastDrill.get(0), targets.rto().toMillis(), slot(newest),
                leftovers(repository, newest), targets.rtoServing().toMillis());
    }

    /**
     * The repository's slots no chain reads (every one but the newest point's), and its publication
     * while incrementals are off: what a backup could not remove. Asked only when the source is
     * configured; a source that cannot be asked leaves this empty (the chain's own slot says UNKNOWN).
     */
    private List<Status.Slot> leftovers(RepositoryIdentity repository, Manifest newest) {
        if (settings.properties().sourceUrl() == null || settings.properties().sourceUrl().isBlank()) {
            return List.of();
        }
        String inUse = newest == null || newest.changes() == null ? null : newest.changes().slot();
        List<Status.Slot> found = new ArrayList<>();
        try (Connection c = PgConnections.open(settings.sourceUrl(), "source")) {
            for (ChangeSlots.SlotState s : ChangeSlots.ofRepository(c, repository)) {
                if (!s.name().equals(inUse)) {
                    found.add(new Status.Slot(s.name(), SlotRetention.ALERT.name(), s.retainedBytes(), String.format(
                            Locale.ROOT, "the replication slot %s is left over from an earlier chain and holds back %s of "
                                    + "the source's WAL for nothing: %s", s.name(), Sizes.human(s.retainedBytes()),
                            ChangeSlots.dropAdvice(c, s.name()))));
                }
            }
            for (String publication : repository.slotTags()) {
                if (!settings.incremental().enabled() && ChangePublication.exists(c, publication)) {
                    found.add(new Status.Slot(publication, SlotRetention.ALERT.name(), null, "the publication "
                            + publication + " is left over from when incremental backups were on: run DROP PUBLICATION "
                            + publication + " on the source as its owner"));
                }
            }
        } catch (SQLException | DrkitException e) {
            return List.of();
        }
        return found;
    }

    /** The newest chain's slot, as the source sees it now. */
    private Status.Slot slot(Manifest newest) {
        if (newest == null || newest.changes() == null) {
            return null;
        }
        String name = newest.changes().slot();
        DrkitProperties.Incremental cfg = settings.incremental();
        try (Connection c = PgConnections.open(settings.sourceUrl(), "source")) {
            Optional<ChangeSlots.SlotState> state = ChangeSlots.state(c, name);
            if (state.isEmpty()) {
                return new Status.Slot(name, SlotRetention.ALERT.name(), null, "the replication slot " + name
                        + " of the newest chain is gone: incremental backups fail until the next full backup starts a new chain");
            }
            return new Status.Slot(name, SlotRetention.of(state.get(), cfg).name(), state.get().retainedBytes(),
                    SlotRetention.describe(state.get(), cfg));
        } catch (SQLException | DrkitException e) {
            return new Status.Slot(name, "UNKNOWN", null, "the source could not be asked about the replication slot "
                    + name + ": " + JdbcUrl.redact(e.getMessage()));
        }
    }

    /** From the job repository (Spring Batch's tables in the catalog), and drills from their history. */
    private List<Status.JobRuns> jobRuns(RepositoryIdentity repository) {
        Map<String, Instant[]> runs = new LinkedHashMap<>();
        JOBS.values().forEach(name -> runs.putIfAbsent(name, new Instant[2]));
        runs.put("drill", new Instant[2]);
        try (Connection c = catalog.dataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT i.job_name, max(e.end_time) FILTER (WHERE e.status = 'COMPLETED'), "
                    + "max(coalesce(e.end_time, e.start_time)) FILTER (WHERE e.status IN ('FAILED', 'ABANDONED', 'STOPPED')) "
                    + "FROM batch_job_instance i JOIN batch_job_execution e ON e.job_instance_id = i.job_instance_id "
                    + "GROUP BY i.job_name")) {
                while (rs.next()) {
                    String name = JOBS.get(rs.getString(1));
                    if (name != null) {
                        Instant[] known = runs.get(name);
                        known[0] = latest(known[0], instant(rs.getTimestamp(2)));
                        known[1] = latest(known[1], instant(rs.getTimestamp(3)));
                    }
                }
            }
            try (java.sql.PreparedStatement p = c.prepareStatement("SELECT max(declared_at) FILTER (WHERE verdict = 'passed'), "
                    + "max(declared_at) FILTER (WHERE verdict <> 'passed') FROM drkit_drill "
                    + "WHERE repository = ANY (?) AND kind = 'restore'")) {
                p.setArray(1, c.createArrayOf("text", repository.spellings().toArray()));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    runs.put("drill", new Instant[] {instant(rs.getTimestamp(1)), instant(rs.getTimestamp(2))});
                }
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the job history from the catalog: " + e.getMessage(), e);
        }
        List<Status.JobRuns> jobs = new ArrayList<>();
        runs.forEach((job, t) -> jobs.add(new Status.JobRuns(job, t[0], t[1])));
        return jobs;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
