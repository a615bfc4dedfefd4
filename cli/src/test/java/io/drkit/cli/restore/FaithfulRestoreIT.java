package io.drkit.cli.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.drkit.cli.DrkitProcess;
import io.drkit.cli.backup.BackupFixture;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;
import io.drkit.core.testing.PostgresService;
import io.drkit.core.testing.RealServices;
import io.drkit.core.testing.TestDatabase;
import io.drkit.core.testing.TestRoles;
import tools.jackson.databind.JsonNode;

/**
 * A restore gives back a database the applications can use: a source with two application roles,
 * grants on tables, sequences and a schema, default privileges, a row-level security policy, a
 * table given to another owner, {@code ALTER DATABASE ... SET search_path} and pgcrypto answers the
 * application roles' queries after a restore (by drkit, and by the break-glass script) exactly as
 * it did before, connected as those roles; verification proves it, and names a grant that is gone.
 */
@ExtendWith(RealServices.class)
class FaithfulRestoreIT {

    static final Path TRACKING_CONFIG = Path.of("..", "config", "tracking.yml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final TestRoles roles = new TestRoles();
    private final String ops = roles.name("ops");
    private final String reader = roles.name("reader");
    private final String writer = roles.name("writer");
    private BackupFixture b;
    private List<String> readerAnswers;
    private List<String> writerAnswers;

    @BeforeEach
    void backUp(TestDatabase source, TestDatabase catalog) throws Exception {
        b = BackupFixture.onFiles(source, catalog, dir).seeded(300);
        b.env.put("DRKIT_REPORTS_DIRECTORY", dir.resolve("reports").toString());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pgcrypto");
            s.execute("CREATE ROLE " + ops + " NOLOGIN");
            s.execute("CREATE ROLE " + reader + " LOGIN");
            s.execute("CREATE ROLE " + writer + " LOGIN IN ROLE " + reader);
            s.execute("ALTER TABLE tracking.stations OWNER TO " + ops);
            s.execute("GRANT USAGE ON SCHEMA tracking TO " + reader);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA tracking TO " + reader);
            s.execute("GRANT INSERT ON tracking.couriers TO " + writer);
            s.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA tracking TO " + writer);
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA tracking GRANT SELECT ON TABLES TO " + reader);
            s.execute("ALTER TABLE tracking.shipments ENABLE ROW LEVEL SECURITY");
            s.execute("CREATE POLICY not_cancelled ON tracking.shipments FOR SELECT TO " + reader
                    + " USING (status <> 'cancelled')");
            s.execute("ALTER DATABASE " + source.name() + " SET search_path = tracking, public");
        }
        readerAnswers = answers(source.url(), reader, READER_QUERIES);
        writerAnswers = answers(source.url(), writer, WRITER_QUERIES);
        // what makes the comparison worth something: the policy hides rows, and some queries are refused
        assertThat(readerAnswers).contains("ERROR 42501");
        assertThat(readerAnswers.get(0)).isNotEqualTo(rows(source.url(), "SELECT count(*) FROM tracking.shipments"));
        b.init();
        JsonNode point = b.backup();
        assertThat(point.get("roles").toString()).contains(ops, reader, writer);
        assertThat(point.get("warnings")).isEmpty();
    }

    @AfterEach
    void dropRoles() {
        roles.close();
    }

    /** The application's queries rely on the database's search_path: no table is named with its schema. */
    static final List<String> READER_QUERIES = List.of(
            "SELECT count(*) FROM shipments",
            "SELECT count(*) FROM stations",
            "SELECT encode(digest(string_agg(code, ',' ORDER BY code), 'sha256'), 'hex') FROM stations",
            "SELECT count(*) FROM couriers",
            "DELETE FROM shipments WHERE false",
            "INSERT INTO couriers (name, phone, home_station, hired) SELECT 'n', '1', min(code), current_date FROM stations",
            "SELECT nextval(pg_get_serial_sequence('couriers', 'id')) > 0");

    static final List<String> WRITER_QUERIES = List.of(
            "SELECT count(*) FROM shipments",
            "INSERT INTO couriers (name, phone, home_station, hired) SELECT 'n', '1', min(code), current_date FROM stations",
            "SELECT nextval(pg_get_serial_sequence('couriers', 'id')) > 0",
            "UPDATE couriers SET name = name WHERE false",
            "SHOW search_path");

    @Test
    void theRestoredDatabaseAnswersTheApplicationRolesAsTheSourceDidAndVerificationProvesIt() throws Exception {
        DrkitProcess.Result verify = b.drkit(Map.of("DRKIT_SCRATCH_URL", scratchServer().url()),
                "--config", TRACKING_CONFIG.toString(), "verify", "--restore", "--json");
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        JsonNode v = BackupFixture.JSON.readTree(verify.stdout());
        assertThat(v.get("checks")).filteredOn(c -> List.of("privileges", "roles", "settings", "extensions")
                .contains(c.get("kind").asString())).hasSize(4)
                .allSatisfy(c -> assertThat(c.get("passed").asBoolean()).as(c.toString()).isTrue());

        disaster();
        try (RestoreFixture f = new RestoreFixture(b)) {
            JsonNode r = f.restore("--keep");
            assertThat(r.get("createdRoles")).extracting(JsonNode::asString).containsExactlyInAnyOrder(ops, reader, writer);
            JdbcUrl restored = f.scratchServer.withDatabase(r.get("database").asString());
            assertThat(rows(restored, "SELECT string_agg(rolname || ' ' || rolcanlogin, ',' ORDER BY rolname) "
                    + "FROM pg_roles WHERE rolname IN ('" + reader + "', '" + writer + "')"))
                    .as("restored roles cannot log in until an operator says so")
                    .isEqualTo(reader + " false," + writer + " false");
            assertThat(rows(restored, "SELECT pg_has_role('" + writer + "', '" + reader + "', 'MEMBER')")).isEqualTo("t");
            assertThat(rows(restored, "SELECT tableowner FROM pg_tables WHERE tablename = 'stations'")).isEqualTo(ops);
            letIn(restored);

            assertThat(answers(restored, reader, READER_QUERIES)).isEqualTo(readerAnswers);
            assertThat(answers(restored, writer, WRITER_QUERIES)).isEqualTo(writerAnswers);
            // the default privileges came back too: a table made after the restore is readable by the reader
            try (Connection c = PgConnections.open(restored, "test"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tracking.depots (code text)");
            }
            assertThat(answers(restored, reader, List.of("SELECT count(*) FROM depots"))).containsExactly("0");
        }
    }

    @Test
    void aGrantRevokedAfterTheRestoreFailsTheVerificationAndTheDrillNamingIt() {
        Map<String, String> revoke = Map.of("DRKIT_SCRATCH_URL", scratchServer().url(),
                "DRKIT_VERIFY_FAIL_POINTS_SQL_BEFORE_COMPARE", "REVOKE SELECT ON tracking.stations FROM " + reader);

        DrkitProcess.Result verify = b.drkit(revoke, "--config", TRACKING_CONFIG.toString(), "verify", "--restore", "--json");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(3);
        assertThat(BackupFixture.JSON.readTree(verify.stdout()).get("problems")).extracting(JsonNode::asString)
                .containsExactly("privileges owners, grants, policies: table tracking.stations: grant SELECT to "
                        + reader + " missing");

        DrkitProcess.Result drill = b.drkit(revoke, "--config", TRACKING_CONFIG.toString(), "drill", "--json");
        assertThat(drill.exitCode()).as(drill.all()).isEqualTo(3);
        JsonNode d = BackupFixture.JSON.readTree(drill.stdout());
        assertThat(d.get("verdict").asString()).isEqualTo("failed");
        assertThat(d.get("problems").toString()).contains("table tracking.stations: grant SELECT to " + reader + " missing");
    }

    @Test
    void theBreakGlassScriptBringsRolesOwnersGrantsAndSettingsBackToo(TestDatabase target) throws Exception {
        disaster();
        b.breakGlassInto(b.list().get(0).get("pointId").asString(), target);

        assertThat(rows(target.url(), "SELECT count(*) FROM pg_roles WHERE rolname IN ('" + ops + "', '" + reader
                + "', '" + writer + "') AND NOT rolcanlogin")).isEqualTo("3");
        letIn(target.url());
        assertThat(answers(target.url(), reader, READER_QUERIES)).isEqualTo(readerAnswers);
        assertThat(answers(target.url(), writer, WRITER_QUERIES)).isEqualTo(writerAnswers);
    }

    @Test
    void noOwnerAndNoPrivilegesLeaveEveryObjectToTheRestoringUser(TestDatabase target) throws Exception {
        DrkitProcess.Result run = b.drkit(Map.of("DRKIT_SCRATCH_URL", scratchServer().url()), "restore",
                "--target-url", target.url().url(), "--no-owner", "--no-privileges", "--json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(BackupFixture.JSON.readTree(run.stdout()).get("createdRoles")).isEmpty();

        assertThat(rows(target.url(), "SELECT tableowner FROM pg_tables WHERE tablename = 'stations'"))
                .isEqualTo(target.url().user());
        assertThat(answers(target.url(), reader, List.of("SELECT count(*) FROM tracking.stations")))
                .containsExactly("ERROR 42501");
        // the database's settings are not privileges: they come back either way
        assertThat(answers(target.url(), writer, List.of("SHOW search_path"))).isEqualTo(writerAnswers.subList(4, 5));
    }

    /** The source server is lost, and with it the roles: only the repository is left. */
    private void disaster() {
        PostgresService.get().dropDatabase(b.source.name());
        roles.drop();
    }

    /** What an operator does after a restore: the application roles may log in again. */
    private void letIn(JdbcUrl database) throws SQLException {
        try (Connection c = PgConnections.open(database, "test"); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + reader + " LOGIN");
            s.execute("ALTER ROLE " + writer + " LOGIN");
        }
    }

    private JdbcUrl scratchServer() {
        return b.source.url().withDatabase("postgres");
    }

    /** Each query's answer as the role gets it, connected as that role: its value, or the error's SQLSTATE. */
    static List<String> answers(JdbcUrl database, String role, List<String> queries) throws SQLException {
        String url = "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database()
                + "?user=" + role;
        List<String> answers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            for (String query : queries) {
                try (Statement s = c.createStatement()) {
                    boolean rows = s.execute(query);
                    if (rows) {
                        try (ResultSet rs = s.getResultSet()) {
                            rs.next();
                            answers.add(rs.getString(1));
                        }
                    } else {
                        answers.add("updated " + s.getUpdateCount());
                    }
                } catch (SQLException e) {
                    answers.add("ERROR " + e.getSQLState());
                }
                c.rollback();
            }
        }
        return answers;
    }

    private static String rows(JdbcUrl database, String sql) throws SQLException {
        try (Connection c = PgConnections.open(database, "test"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
