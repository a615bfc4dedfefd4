package io.drkit.standby;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import io.drkit.core.batch.StopSignal;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.catalog.CatalogLock;
import io.drkit.core.catalog.LockName;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.PointId;
import io.drkit.core.metrics.JobName;
import io.drkit.core.metrics.JobOutcome;
import io.drkit.core.metrics.JobOutcome.Figure;
import io.drkit.core.manifest.Manifest.TableEntry;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.progress.ProgressReporter;
import io.drkit.core.repository.PointChain;
import io.drkit.core.repository.PointRepository;
import io.drkit.restore.ChangeReplay;
import io.drkit.restore.RestoreRequest;
import io.drkit.restore.RestoreService;
import io.drkit.standby.StandbyCatalog.State;
import io.drkit.standby.StandbyLedger.Applied;

/**
 * Keeps a standby database at the newest point of the repository: the first point restored (as
 * {@code restore} does), each incremental point of the chain then applied and proven in one
 * transaction with its ledger record, and a new chain restored beside the standby and swapped in by
 * rename once it has caught up. A follower holds the catalog lock {@link LockName#standby}; a
 * promotion raises the stop flag in the catalog, which the follower reads between points and while
 * it waits, then takes the lock itself once the follower has let go.
 */
@Service
public class StandbyService {

    /** How often a waiting follower looks at the stop flag, whatever the poll interval. */
    private static final Duration STOP_CHECK = Duration.ofSeconds(1);
    /** How long a promotion waits for a follower to finish the point it is applying. */
    private static final Duration FOLLOWER_GRACE = Duration.ofMinutes(5);

    private final RestoreService restores;
    private final StandbyCatalog record;
    private final StandbySettings settings;
    private final StandbyFailPoints failPoints;
    private final Catalog catalog;

    public StandbyService(RestoreService restores, StandbyCatalog record, StandbySettings settings,
            StandbyFailPoints failPoints, Catalog catalog) {
        this.restores = restores;
        this.record = record;
        this.settings = settings;
        this.failPoints = failPoints;
        this.catalog = catalog;
    }

    /**
     * @param point where the standby stands when the run ends
     * @param applied points applied (a restored or rebuilt chain counts as one)
     * @param rebuilt whether a new chain was restored beside the standby and swapped in
     * @param stopped whether a promotion (or a failover drill) asked the follower to stop
     */
    public record Outcome(String target, PointId point, Instant pointTime, Instant provenAt, int applied, boolean rebuilt,
            boolean stopped, Duration lag) {

        /** Where the standby stands, as the metrics {@code drkit_standby_*} say it. */
        public JobOutcome metrics() {
            return JobOutcome.of(JobName.STANDBY).with(Figure.STANDBY_LAG, lag.toMillis() / 1000.0)
                    .with(Figure.STANDBY_LAST_PROVEN, provenAt == null ? 0 : provenAt.getEpochSecond())
                    .label("point", point.value());
        }
    }

    /**
     * @param rpo the age of the last applied point at the moment of promotion
     * @param took from the command's start to a writable database
     * @param lag how far the standby was behind the newest point of the repository
     */
    public record Promotion(String target, PointId point, Instant pointTime, int applied, Duration rpo, Duration took,
            Duration lag) {}

    /**
     * Brings the standby to the newest point; with {@code follow}, keeps it there until stopped (a
     * promotion, SIGTERM), or for one round when {@code once}.
     *
     * @throws DrkitException exit 3 naming the table when a point does not prove; nothing after it is applied
     */
    public Outcome run(JdbcUrl target, boolean follow, boolean once, Consumer<String> log) {
        return run(target, follow, once, log, round -> {});
    }

    /** As {@link #run(JdbcUrl, boolean, boolean, Consumer)}, handing each round's standing to {@code afterRound} (metrics). */
    public Outcome run(JdbcUrl target, boolean follow, boolean once, Consumer<String> log, Consumer<Outcome> afterRound) {
        String name = target.redacted();
        boolean following = follow && !once;
        try (PointRepository repository = restores.open()) {
            new StandbyDatabases(target).createIfMissing();
            record.requestStop(name, false);
            Round total = new Round(0, false);
            Applied at = null;
            while (true) {
                // the lock is held for a round only: between rounds a failover drill may copy the standby
                try (CatalogLock lock = lockForRound(name, following)) {
                    if (lock != null) {
                        Round round = catchUp(repository, target, log);
                        total = new Round(total.applied + round.applied, total.rebuilt || round.rebuilt);
                        // read under the lock: a failover drill that holds it ends every session of the standby
                        at = ledger(target);
                    } else {
                        log.accept("standby: another run holds " + name + " (a failover drill copying it?); "
                                + "trying again in " + words(settings.poll()));
                    }
                }
                if (!following) {
                    return outcome(repository, name, at, total, false);
                }
                if (at != null) {
                    afterRound.accept(outcome(repository, name, at, total, false));
                }
                Wake wake = waitForNextRound(name);
                if (wake == Wake.SIGTERM && at != null) {
                    // nothing is half-applied between rounds: the next run goes on from this point
                    log.accept("standby: stopped following " + name + " on SIGTERM at point " + at.pointId());
                    return outcome(repository, name, at, total, false);
                }
                if (wake == Wake.PROMOTION) {
                    record.state(name, repository.identity(), State.STOPPED, null);
                    log.accept("standby: stopped following " + name + " on request (a promotion)");
                    return outcome(repository, name, at != null ? at : ledger(target), total, true);
                }
            }
        }
    }

    /** The follower's lock for one round; null when a follower that keeps following finds it taken. */
    private CatalogLock lockForRound(String name, boolean following) {
        try {
            return catalog.lock(LockName.standby(name), "drkit standby --target-url " + name
                    + (following ? " --follow" : ""));
        } catch (DrkitException e) {
            if (following && e.exitCode() == ExitCode.LOCKED) {
                return null;
            }
            throw e;
        }
    }

    /** Promotes the standby: see the README's "Standby" section. */
    public Promotion promote(JdbcUrl target, Duration maxLag, boolean force, Consumer<String> log) {
        long started = System.nanoTime();
        String name = target.redacted();
        record.requestStop(name, true);
        try (CatalogLock lock = lockOnceFollowerStops(name, "drkit standby --promote --target-url " + name);
                PointRepository repository = restores.open()) {
            Applied before = ledger(target);
            if (before == null) {
                record.requestStop(name, false);
                throw DrkitException.usage("database " + target.database() + " is no standby drkit keeps (no "
                        + StandbyLedger.SCHEMA + " ledger): nothing to promote");
            }
            int applied = 0;
            for (Manifest point : nextPoints(repository, before.pointId())) {
                applyPoint(repository, target, name, point, before.fullPointId(), log);
                // proven as a follower proves it: status, the verified RPO and prune see where the standby stands
                record.proven(name, repository.identity(), point, Instant.now());
                applied++;
            }
            Applied at = ledger(target);
            Manifest newest = repository.points().get(0);
            Duration lag = positive(Duration.between(at.pointTime(), newest.time()));
            if (maxLag != null && lag.compareTo(maxLag) > 0 && !force) {
                record.requestStop(name, false);
                throw DrkitException.usage("standby " + target.database() + " stands at point " + at.pointId()
                        + ", " + words(lag) + " behind the newest point " + newest.pointId() + ", more than --max-lag "
                        + words(maxLag) + "; not promoted (--force to promote it anyway)");
            }
            try (Connection c = PgConnections.open(target, "standby")) {
                writable(c);
                c.setAutoCommit(false);
                new ChangeReplay(repository, repository.manifest(at.pointId())).sequences(c);
                StandbyLedger.drop(c);
                c.commit();
            } catch (Exception e) {
                throw DrkitException.failed("cannot promote " + target.database() + ": "
                        + JdbcUrl.redact(String.valueOf(e.getMessage())), e);
            }
            new StandbyDatabases(target).readOnly(target, false);
            Instant promoted = Instant.now();
            // the stop flag stays up: a follower still waiting for its next round must not take the promoted database on
            record.state(name, repository.identity(), State.PROMOTED, null);
            return new Promotion(name, at.pointId(), at.pointTime(), applied,
                    positive(Duration.between(at.pointTime(), promoted)), Duration.ofNanos(System.nanoTime() - started), lag);
        }
    }

    /**
     * A failover drill: the standby's copy promoted and proven.
     *
     * @param copy the promoted copy (dropped unless kept)
     * @param rto from the declaration to the copy promoted and proven
     * @param rpo the age of the standby's last applied point at the declaration
     * @param point the standby's point, which the copy was proven to stand at
     * @param copyTook the part of the RTO spent copying the standby (a real failover does not copy)
     * @param proofTook the part of it spent proving the promoted copy
     */
    public record Failover(String standby, String copy, boolean kept, PointId pointId, Instant pointTime,
            Instant declaredAt, Duration rto, Duration rpo, Manifest point, Duration copyTook, Duration proofTook) {}

    /**
     * Declares a disaster and promotes a copy of the standby, never the standby itself: the follower is
     * paused by taking its lock between two rounds, the standby copied as a template, the lock given
     * back (the follower goes on), then the copy promoted (ledger dropped; sequences stand at the
     * point since each point set them) and proven: the point the ledger names, the tables' shapes
     * against its schema fingerprint (the rows were proven as each point was applied), and a write.
     */
    public Failover failoverDrill(JdbcUrl standby, boolean keep, Consumer<String> log) {
        Instant declared = Instant.now();
        long started = System.nanoTime();
        String name = standby.redacted();
        StandbyDatabases databases = new StandbyDatabases(standby);
        Applied at;
        JdbcUrl copy;
        try (CatalogLock lock = lockOnceFollowerStops(name, "drkit drill --failover (copying " + name + ")")) {
            at = ledger(standby);
            if (at == null) {
                throw DrkitException.usage("database " + standby.database() + " is no standby drkit keeps (no "
                        + StandbyLedger.SCHEMA + " ledger): run drkit standby first");
            }
            copy = databases.copyForFailover();
        }
        Duration copyTook = Duration.ofNanos(System.nanoTime() - started);
        log.accept("drill: disaster declared at " + declared + "; promoting " + copy.database() + ", a copy of standby "
                + standby.database() + " at point " + at.pointId());
        Manifest point;
        try (PointRepository repository = restores.open(); Connection c = PgConnections.open(copy, "failover copy")) {
            c.setAutoCommit(false);
            Applied copied = StandbyLedger.last(c);
            if (copied == null || !copied.pointId().equals(at.pointId())) {
                throw DrkitException.integrity("the failover copy does not stand at point " + at.pointId());
            }
            point = repository.manifest(at.pointId());
            Optional<String> problem = PointProof.check(c, point, List.of());
            if (problem.isPresent()) {
                throw DrkitException.integrity("the failover copy of " + standby.database() + ": " + problem.get());
            }
            StandbyLedger.drop(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL default_transaction_read_only = off");
                s.execute("CREATE TABLE drkit_failover_probe (id int)");
                s.execute("DROP TABLE drkit_failover_probe");
            }
            c.commit();
        } catch (SQLException | java.io.IOException e) {
            throw DrkitException.failed("cannot promote the failover copy " + copy.database() + ": "
                    + JdbcUrl.redact(String.valueOf(e.getMessage())), e);
        }
        Duration rto = Duration.ofNanos(System.nanoTime() - started);
        if (!keep) {
            databases.drop(copy);
        }
        return new Failover(name, copy.database(), keep, at.pointId(), at.pointTime(), declared, rto,
                positive(Duration.between(at.pointTime(), declared)), point, copyTook, rto.minus(copyTook));
    }

    private record Round(int applied, boolean rebuilt) {}

    /** One round: what has landed since the standby's point, applied and proven point by point. */
    private Round catchUp(PointRepository repository, JdbcUrl target, Consumer<String> log) {
        List<Manifest> points = repository.points();
        if (points.isEmpty()) {
            throw DrkitException.usage("the repository " + repository.store().uri() + " holds no complete point");
        }
        Applied at = ledger(target);
        if (at == null) {
            Manifest first = unfinishedRestore(repository, target).orElse(points.get(0));
            become(repository, target, target, PointChain.of(repository, first), log);
            return new Round(1 + catchUpChain(repository, target, target, log), false);
        }
        PointChain newest = PointChain.of(repository, points.get(0));
        if (!newest.full().pointId().equals(at.fullPointId())
                && newest.full().time().isAfter(at.pointTime())) {
            rebuild(repository, target, newest, log);
            return new Round(1, true);
        }
        return new Round(catchUpChain(repository, target, target, log), false);
    }

    /** Applies every point that stands on the database's point, in order; the points applied. */
    private int catchUpChain(PointRepository repository, JdbcUrl database, JdbcUrl standby, Consumer<String> log) {
        int applied = 0;
        while (true) {
            Applied at = ledger(database);
            List<Manifest> next = nextPoints(repository, at.pointId());
            if (next.isEmpty()) {
                return applied;
            }
            for (Manifest point : next) {
                if (stopRequested(standby.redacted())) {
                    return applied;
                }
                applyPoint(repository, database, standby.redacted(), point, at.fullPointId(), log);
                record.proven(standby.redacted(), repository.identity(), point, Instant.now());
                applied++;
            }
        }
    }

    /** The incremental points standing on {@code pointId}, one on the other, oldest first. */
    private static List<Manifest> nextPoints(PointRepository repository, PointId pointId) {
        List<Manifest> points = repository.points();
        List<Manifest> chain = new ArrayList<>();
        PointId parent = pointId;
        boolean found = true;
        while (found) {
            found = false;
            for (Manifest m : points) {
                if (m.incremental() && parent.equals(m.parent())) {
                    chain.add(m);
                    parent = m.pointId();
                    found = true;
                    break;
                }
            }
        }
        return chain;
    }

    /**
     * The point's changes, its sequences, its proof and its ledger record in one transaction: a
     * point that does not prove is rolled back, so the standby stays at the last point it proved.
     */
    private void applyPoint(PointRepository repository, JdbcUrl database, String standbyName, Manifest point,
            PointId fullPointId, Consumer<String> log) {
        long started = System.nanoTime();
        try (Connection c = PgConnections.open(database, "standby")) {
            writable(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // as a logical replica does: foreign keys and triggers hold on the source, not again here,
                // where a point's tables are applied one after the other
                s.execute("SET LOCAL session_replication_role = replica");
            }
            ChangeReplay replay = new ChangeReplay(repository, point);
            Map<TableEntry, Long> touched = replay.apply(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = origin");
            }
            Manifest parent = point.parent() == null ? null : repository.manifestIfPresent(point.parent()).orElse(null);
            Optional<String> problem = PointProof.check(c, point, PointProof.tablesToProve(point, parent, touched.keySet()));
            if (problem.isPresent()) {
                c.rollback();
                String why = "point " + point.pointId() + " does not prove on the standby: " + problem.get()
                        + "; nothing of it or after it is applied, the standby stays at its last proven point";
                record.state(standbyName, repository.identity(), State.FAILED, why);
                throw DrkitException.integrity(why);
            }
            // setval is not undone by a rollback: the point's sequences go in only once it has proven
            replay.sequences(c);
            StandbyLedger.record(c, point, fullPointId);
            c.commit();
            long rows = touched.values().stream().mapToLong(Long::longValue).sum();
            log.accept(String.format(java.util.Locale.ROOT, "standby: applied and proved point %s (%s): %d changes "
                    + "in %d tables, %.1f s", point.pointId(), point.time(), rows, touched.size(),
                    (System.nanoTime() - started) / 1e9));
        } catch (DrkitException e) {
            throw e;
        } catch (Exception e) {
            throw DrkitException.failed("cannot apply point " + point.pointId() + " to " + database.database() + ": "
                    + JdbcUrl.redact(String.valueOf(e.getMessage())), e);
        }
        failPoints.haltIfSet();
    }

    /**
     * Restores the chain's newest point into {@code database} (empty), proves every table of it and
     * starts the ledger; {@code standby} names the standby in the catalog.
     */
    private void become(PointRepository repository, JdbcUrl database, JdbcUrl standby, PointChain chain,
            Consumer<String> log) {
        Manifest point = chain.last();
        restores.restore(repository, point, new RestoreRequest(null, null, database, List.of(), true, false),
                new ProgressReporter(ProgressReporter.Mode.SILENT, System.err), log);
        Manifest effective = chain.effective();
        try (Connection c = PgConnections.open(database, "standby")) {
            writable(c);
            c.setAutoCommit(false);
            Optional<String> problem = PointProof.check(c, effective, effective.tables());
            if (problem.isPresent()) {
                c.rollback();
                String why = "point " + point.pointId() + " does not prove on the standby: " + problem.get();
                record.state(standby.redacted(), repository.identity(), State.FAILED, why);
                throw DrkitException.integrity(why);
            }
            StandbyLedger.create(c);
            StandbyLedger.record(c, point, chain.full().pointId());
            c.commit();
        } catch (SQLException | java.io.IOException e) {
            throw DrkitException.failed("cannot start the standby ledger in " + database.database() + ": "
                    + e.getMessage(), e);
        }
        new StandbyDatabases(standby).readOnly(database, true);
        record.proven(standby.redacted(), repository.identity(), point, Instant.now());
        log.accept("standby: " + database.database() + " restored and proven at point " + point.pointId() + " ("
                + point.time() + ")");
    }

    /** A new chain: restored beside the standby, caught up, then swapped in by rename. */
    private void rebuild(PointRepository repository, JdbcUrl standby, PointChain chain, Consumer<String> log) {
        StandbyDatabases databases = new StandbyDatabases(standby);
        log.accept("standby: point " + chain.full().pointId() + " starts a new chain; rebuilding beside "
                + standby.database() + ", which keeps serving meanwhile");
        JdbcUrl next = databases.freshNext();
        become(repository, next, standby, chain, log);
        catchUpChain(repository, next, standby, log);
        databases.swapInNext();
        log.accept("standby: the rebuilt database took the name " + standby.database());
    }

    /** The point an unfinished first restore into the target was loading, so that a rerun continues it. */
    private static Optional<Manifest> unfinishedRestore(PointRepository repository, JdbcUrl target) {
        try (Connection c = PgConnections.open(target, "standby"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('drkit_restore.point') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT point_id FROM drkit_restore.point")) {
                return rs.next() ? Optional.of(repository.manifest(PointId.of(rs.getString(1)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the target " + target.database() + ": " + e.getMessage(), e);
        }
    }

    private static Applied ledger(JdbcUrl database) {
        try (Connection c = PgConnections.open(database, "standby")) {
            return StandbyLedger.last(c);
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the standby's ledger in " + database.database() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The database is read-only for everyone else; the follower's sessions write. */
    private static void writable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
        }
    }

    private boolean stopRequested(String name) {
        return record.stopRequested(name);
    }

    /** Waits one poll interval, looking at the stop flag every second; whether a stop was asked for. */
    /** Why a follower's wait between two rounds ended. */
    private enum Wake { NEXT_ROUND, PROMOTION, SIGTERM }

    private Wake waitForNextRound(String name) {
        long deadline = System.nanoTime() + settings.poll().toNanos();
        while (System.nanoTime() < deadline) {
            if (stopRequested(name)) {
                return Wake.PROMOTION;
            }
            if (StopSignal.requested()) {
                return Wake.SIGTERM;
            }
            try {
                StopSignal.sleep(STOP_CHECK.compareTo(settings.poll()) < 0 ? STOP_CHECK : settings.poll());
            } catch (DrkitException stopped) {
                return Wake.SIGTERM;
            }
        }
        return stopRequested(name) ? Wake.PROMOTION : Wake.NEXT_ROUND;
    }

    private CatalogLock lockOnceFollowerStops(String name, String command) {
        long deadline = System.nanoTime() + FOLLOWER_GRACE.toNanos();
        while (true) {
            try {
                return catalog.lock(LockName.standby(name), command);
            } catch (DrkitException e) {
                if (e.exitCode() != ExitCode.LOCKED || System.nanoTime() > deadline) {
                    throw e;
                }
                StopSignal.sleep(Duration.ofMillis(200));
            }
        }
    }

    private Outcome outcome(PointRepository repository, String name, Applied at, Round round, boolean stopped) {
        Manifest newest = repository.points().get(0);
        Instant proven = record.of(repository.identity(), name).map(StandbyCatalog.Standby::provenAt).orElse(null);
        return new Outcome(name, at.pointId(), at.pointTime(), proven, round.applied, round.rebuilt, stopped,
                positive(Duration.between(at.pointTime(), newest.time())));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    static String words(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
