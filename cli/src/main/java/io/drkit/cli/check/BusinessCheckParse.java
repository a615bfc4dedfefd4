package io.drkit.cli.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.config.DrkitProperties.BusinessCheck;
import io.drkit.core.pg.JdbcUrl;

/**
 * The business checks, prepared (parsed and planned, not run) on the source, whose schema a restore
 * reproduces: a check with a typo or a table that is not there is found now, not after a restore.
 */
final class BusinessCheckParse {

    static final String TARGET = "business checks";

    private BusinessCheckParse() {}

    static List<Finding> run(Connection c, List<BusinessCheck> checks) throws SQLException {
        if (checks.isEmpty()) {
            return List.of(Finding.skipped(TARGET, "parse on the source", "none configured (drkit.verify.checks):"
                    + " restore verifications and drills will prove the data whole but not hold it to the business's"
                    + " rules; give a file of checks with --config FILE or DRKIT_CONFIG"));
        }
        List<Finding> found = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION READ ONLY");
            for (BusinessCheck check : checks) {
                String name = check.name() == null ? "unnamed" : check.name();
                String what = "'" + name + "' parses";
                if (check.sql() == null || check.sql().isBlank()) {
                    found.add(Finding.problem(TARGET, what, "it has no sql", "give it the query that must return no rows"));
                    continue;
                }
                s.execute("SAVEPOINT drkit_check");
                try {
                    // as the verification runs it: counted, so only the count ever leaves the server
                    s.execute("PREPARE drkit_check AS SELECT count(*) FROM (" + check.sql() + ") AS drkit_check");
                    s.execute("DEALLOCATE drkit_check");
                    found.add(Finding.ok(TARGET, what, "prepared on the source"));
                } catch (SQLException e) {
                    s.execute("ROLLBACK TO SAVEPOINT drkit_check");
                    found.add(Finding.problem(TARGET, what, "the source cannot prepare it: "
                            + JdbcUrl.redact(firstLine(e.getMessage())), "correct its sql in the configuration file"));
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
        return found;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
