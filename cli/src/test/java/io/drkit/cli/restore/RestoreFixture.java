package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A backed-up source and a scratch server (the test server itself), driven through the command
 * line. Scratch databases a restore keeps are dropped by {@link #close()}.
 */
public final class RestoreFixture implements AutoCloseable {

    final BackupFixture backup;
    final JdbcUrl scratchServer;
    private final List<String> databases = new ArrayList<>();

    RestoreFixture(BackupFixture backup) {
        this.backup = backup;
        this.scratchServer = backup.source.url().withDatabase("postgres");
        backup.env.put("DRKIT_SCRATCH_URL", scratchServer.url());
        backup.env.put("DRKIT_RESTORE_PARALLELISM", "3");
    }

    DrkitProcess.Result drkit(String... args) {
        return backup.drkit(args);
    }

    DrkitProcess.Result drkit(Map<String, String> extraEnv, String... args) {
        return backup.drkit(extraEnv, args);
    }

    /** {@code drkit restore ARGS --json}, which must succeed. */
    JsonNode restore(String... args) {
        List<String> all = new ArrayList<>(List.of("restore"));
        all.addAll(List.of(args));
        all.add("--json");
        DrkitProcess.Result r = drkit(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isZero();
        JsonNode result = BackupFixture.JSON.readTree(r.stdout());
        databases.add(result.get("database").asString());
        return result;
    }

    JdbcUrl database(String name) {
        databases.add(name);
        return scratchServer.withDatabase(name);
    }

    boolean exists(String database) throws Exception {
        try (Connection c = PgConnections.open(scratchServer, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            return rs.next();
        }
    }

    static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /**
     * {@code pg_dump --data-only} with the rows of each table in sorted order. Parts of one table
     * load in parallel, so its rows land on the heap in another order than the source's; the rows
     * themselves, every byte of them, must be the same.
     */
    public static String dataOf(JdbcUrl db) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> rows = null;
        for (String line : BackupFixture.dump(db, "--data-only").split("\n", -1)) {
            if (rows != null && line.equals("\\.")) {
                rows.sort(null);
                out.addAll(rows);
                rows = null;
            }
            if (rows != null) {
                rows.add(line);
            } else {
                out.add(line);
            }
            if (line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
                rows = new ArrayList<>();
            }
        }
        return String.join("\n", out);
    }

    static String schemaOf(JdbcUrl db) throws Exception {
        return BackupFixture.dump(db, "--schema-only");
    }

    @Override
    public void close() throws Exception {
        try (Connection c = PgConnections.open(scratchServer, "test"); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        }
    }
}
