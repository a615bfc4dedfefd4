package io.drkit.core.pg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.drkit.core.error.DrkitException;

/**
 * The schema of a point, as {@code pg_dump --schema-only} writes it, taken in the point's snapshot.
 * pg_dump is the reference DDL extractor; drkit moves the data itself.
 */
public final class SchemaDump {

    public enum Section {
        PRE_DATA("pre-data"), POST_DATA("post-data");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private SchemaDump() {}

    /** Whether a pg_dump can be started from PATH. */
    public static boolean installed() {
        try {
            Process p = new ProcessBuilder("pg_dump", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One section without owners and privileges: what a restore runs, whoever restores it, wherever. */
    public static void dump(JdbcUrl url, String snapshotId, Section section, List<String> schemas, OutputStream out) {
        run(url, List.of("--no-owner", "--no-privileges", "--section=" + section.label()), snapshotId, schemas,
                section.label(), out);
    }

    /**
     * Both sections with owners and privileges, for the point's access record: the owner and grant
     * statements are taken from it, the rest is what {@link #dump} already stored.
     */
    public static void dumpWithAccess(JdbcUrl url, String snapshotId, List<String> schemas, OutputStream out) {
        run(url, List.of(), snapshotId, schemas, "owners and privileges", out);
    }

    private static void run(JdbcUrl url, List<String> options, String snapshotId, List<String> schemas, String what,
            OutputStream out) {
        List<String> command = new ArrayList<>(List.of("pg_dump", "--schema-only"));
        command.addAll(options);
        command.addAll(List.of("--snapshot=" + snapshotId,
                "--host=" + url.host(), "--port=" + url.port(), "--username=" + url.user(), "--dbname=" + url.database()));
        for (String schema : schemas) {
            command.add("--schema=" + schema);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        String password = url.parameters().get("password");
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        String sslmode = url.parameters().get("sslmode");
        if (sslmode != null) {
            pb.environment().put("PGSSLMODE", sslmode);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw DrkitException.usage("pg_dump is not installed or not on PATH (install the PostgreSQL client, "
                    + "the server's major version or newer)");
        }
        try (InputStream stdout = p.getInputStream()) {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            stdout.transferTo(out);
            int rc = p.waitFor();
            if (rc != 0) {
                throw DrkitException.failed("pg_dump --schema-only (" + what + ") failed: "
                        + JdbcUrl.redact(stderr.join().strip()), null);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new SnapshotWorker.StreamFailure(e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw DrkitException.failed("interrupted while dumping the schema", e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
