package io.drkit.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.drkit.core.catalog.LockName;
import io.drkit.core.repository.RepositoryIdentity;
import io.drkit.core.catalog.Catalog;
import io.drkit.core.config.DrkitProperties;
import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.digest.Sha256;
import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.repository.PointRepository;
import io.drkit.core.repository.RepositoryOpener;
import io.drkit.core.store.ObjectInfo;
import io.drkit.core.store.ObjectLockPolicy;

/**
 * Stores reports with their hash chain and signature, renders the index page, and checks that
 * nobody edited, removed or slipped in a report afterwards.
 */
@Service
public class ReportService {

    private final RuntimeSettings settings;
    private final RepositoryOpener opener;
    private final Catalog catalog;

    public ReportService(RuntimeSettings settings, RepositoryOpener opener, Catalog catalog) {
        this.settings = settings;
        this.opener = opener;
        this.catalog = catalog;
    }

    public ReportFactory factory() {
        return new ReportFactory(settings.properties().targets(), opener.identity().uri(), server(settings::sourceUrl),
                server(settings::scratchUrl));
    }

    /** {@code host:port} of a configured server; null when this run has none configured. */
    public static String server(java.util.function.Supplier<JdbcUrl> url) {
        try {
            JdbcUrl u = url.get();
            return u.host() + ":" + u.port();
        } catch (DrkitException notConfigured) {
            return null;
        }
    }

    /** A stored report: the document as written, where it is, and its local HTML copy. */
    public record Published(Report report, String key, Path localHtml) {}

    /**
     * Links the report to the newest one, renders its HTML, signs it when a key is configured and
     * stores both. Publishing is serialised per repository (a catalog advisory lock) so the chain
     * never forks. The index page is rendered again after it, so it never lags the reports.
     */
    public Published publish(Report draft) {
        Published published = store(draft);
        try {
            index();
        } catch (RuntimeException e) {
            // the report is stored and chained; only the overview lags, and `drkit report` renders it again
            System.err.println("drkit: the report index could not be re-rendered (" + e.getMessage()
                    + "); drkit report renders it");
        }
        return published;
    }

    /** Stores the report in the chain, signed when a key is set, and records it in the catalog. */
    private Published store(Report draft) {
        DrkitProperties.Reports cfg = settings.properties().reports();
        try (PointRepository repository = opener.open(1); Connection c = catalog.dataSource().getConnection()) {
            c.setAutoCommit(false);
            lock(c, LockName.reports(repository.identity()));
            ObjectLockPolicy locking = new ObjectLockPolicy(settings.properties().objectLock());
            locking.requireSupport(repository.store());
            ReportArchive archive = new ReportArchive(repository.store(), settings.reportsDirectory());
            List<String> keys = archive.jsonKeys();
            Report.Chain chain = new Report.Chain(null, null);
            String newest = null;
            if (!keys.isEmpty()) {
                String last = keys.get(keys.size() - 1);
                newest = ReportArchive.idOf(last);
                chain = new Report.Chain(newest, Sha256.hex(archive.read(last)));
            }
            String id = ReportArchive.nextId(draft.finished(), draft.kind().label(), newest);
            Report report = draft.withId(id).withChain(chain)
                    .withSigningKey(cfg.signingKeyFile() == null ? null : ReportSigner.publicKeySha256(cfg.signingKeyFile()));
            String html = ReportHtml.report(report, cfg.signingKeyFile() != null);
            report = report.withHtmlSha256(Sha256.hex(html));
            byte[] json = ReportDocument.bytes(report, cfg.signingKeyFile() == null ? null
                    : bytes -> ReportSigner.sign(bytes, cfg.signingKeyFile()));
            String key = archive.write(id, html, json);
            locking.apply(repository.store(), List.of(key, ReportArchive.htmlKey(key)));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO drkit_report (repository, report_id, object_key, "
                    + "sha256, written_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, repository.identity().uri());
                s.setString(2, id);
                s.setString(3, key);
                s.setString(4, Sha256.hex(json));
                s.setTimestamp(5, Timestamp.from(Instant.now()));
                s.execute();
            }
            VerifiedPoints.record(c, repository.identity(), report);
            c.commit();
            return new Published(ReportDocument.parse(json), key, archive.local(ReportArchive.relative(id) + ".html"));
        } catch (SQLException e) {
            throw DrkitException.failed("cannot record the report in the catalog: " + e.getMessage(), e);
        }
    }

    /** Renders the index page of every stored report, with charts, locally and in the repository. */
    public Path index() {
        try (PointRepository repository = opener.open(4)) {
            ReportArchive archive = new ReportArchive(repository.store(), settings.reportsDirectory());
            List<Report> reports = new ArrayList<>();
            for (String key : archive.jsonKeys()) {
                try {
                    reports.add(ReportDocument.parse(archive.read(key)));
                } catch (RuntimeException e) {
                    throw DrkitException.integrity("report " + key + " cannot be read: run drkit report --check");
                }
            }
            byte[] page = ReportHtml.index(repository.identity().uri(), reports).getBytes(StandardCharsets.UTF_8);
            repository.store().put(ReportArchive.PREFIX + ReportArchive.INDEX, page);
            return archive.writeLocal(ReportArchive.INDEX, page);
        }
    }

    /**
     * Walks the chain from the first report; stops at the first thing that does not hold.
     *
     * @param requireSignatures every report must carry a signature that verifies: an unsigned one is a
     *     break, as an unverifiable one always is
     */
    public ReportCheck check(boolean requireSignatures) {
        Path verifyKey = settings.properties().reports().verifyKeyFile();
        if (requireSignatures && verifyKey == null) {
            throw DrkitException.usage("--require-signatures checks every report's signature with the public key in "
                    + "DRKIT_REPORTS_VERIFY_KEY_FILE, which is not set");
        }
        try (PointRepository repository = opener.open(4)) {
            String uri = repository.identity().uri();
            ReportArchive archive = new ReportArchive(repository.store(), settings.reportsDirectory());
            Map<String, String> recorded = recorded(repository.identity());
            String previousId = null;
            String previousSha = null;
            int count = 0;
            int signed = 0;
            int unchecked = 0;
            for (String key : archive.jsonKeys()) {
                String id = ReportArchive.idOf(key);
                byte[] bytes = archive.read(key);
                String sha = Sha256.hex(bytes);
                String broken = brokenLink(archive, key, id, bytes, sha, previousId, previousSha, recorded.remove(id));
                if (broken == null && verifyKey == null && ReportDocument.parse(bytes).signature() != null) {
                    unchecked++;
                }
                if (broken == null && verifyKey != null) {
                    Report r = ReportDocument.parse(bytes);
                    if (r.signature() == null && requireSignatures) {
                        broken = "report " + id + " is not signed, and --require-signatures asks every report to be";
                    } else if (r.signature() != null) {
                        if (!ReportSigner.verify(ReportDocument.signedPart(bytes), r.signature(), verifyKey)) {
                            broken = "report " + id + ": its Ed25519 signature does not verify with " + verifyKey;
                        } else {
                            signed++;
                        }
                    }
                }
                if (broken != null) {
                    return new ReportCheck(uri, count, signed, unchecked, broken);
                }
                count++;
                previousId = id;
                previousSha = sha;
            }
            if (!recorded.isEmpty()) {
                String missing = recorded.keySet().iterator().next();
                return new ReportCheck(uri, count, signed, unchecked, "report " + missing
                        + " was written (the catalog recorded it) but is no longer in the repository");
            }
            return new ReportCheck(uri, count, signed, unchecked, null);
        }
    }

    private static String brokenLink(ReportArchive archive, String key, String id, byte[] bytes, String sha,
            String previousId, String previousSha, String recordedSha) {
        Report r;
        try {
            r = ReportDocument.parse(bytes);
        } catch (RuntimeException e) {
            return "report " + id + " cannot be read as a report (" + e.getClass().getSimpleName() + ")";
        }
        if (!id.equals(r.reportId())) {
            return "report " + id + " is stored under another report's name (" + r.reportId() + ")";
        }
        Report.Chain chain = r.chain() == null ? new Report.Chain(null, null) : r.chain();
        if (!java.util.Objects.equals(chain.previousReportId(), previousId)) {
            return "report " + id + " follows " + (chain.previousReportId() == null ? "no report"
                    : "report " + chain.previousReportId()) + ", but the report before it is "
                    + (previousId == null ? "none" : previousId) + ": a report was removed or slipped in";
        }
        if (!java.util.Objects.equals(chain.previousSha256(), previousSha)) {
            return "report " + previousId + " was changed after it was written (report " + id
                    + " records SHA-256 " + chain.previousSha256() + ", it is now " + previousSha + ")";
        }
        if (recordedSha != null && !recordedSha.equals(sha)) {
            return "report " + id + " was changed after it was written (the catalog recorded SHA-256 " + recordedSha
                    + ", it is now " + sha + ")";
        }
        String htmlKey = ReportArchive.htmlKey(key);
        Optional<ObjectInfo> html = archive.store().stat(htmlKey);
        if (html.isEmpty()) {
            return "report " + id + ": its HTML page is missing";
        }
        if (!Sha256.hex(archive.read(htmlKey)).equals(r.htmlSha256())) {
            return "report " + id + ": its HTML page was changed after it was written";
        }
        return null;
    }

    private Map<String, String> recorded(RepositoryIdentity repository) {
        Map<String, String> shas = new LinkedHashMap<>();
        // rows under the repository's other spelling were written before it had one identity
        try (Connection c = catalog.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT report_id, sha256 FROM drkit_report WHERE repository = ANY (?) ORDER BY report_id")) {
            s.setArray(1, c.createArrayOf("text", repository.spellings().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    shas.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw DrkitException.failed("cannot read the catalog's record of reports: " + e.getMessage(), e);
        }
        return shas;
    }

    private static void lock(Connection c, LockName name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            s.setString(1, name.name());
            s.execute();
        }
    }
}
