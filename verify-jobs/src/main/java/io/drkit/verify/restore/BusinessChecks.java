package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.config.DrkitProperties.BusinessCheck;
import io.drkit.core.pg.JdbcUrl;

/** The configuration's business checks: queries that must return no rows. Only the count is kept. */
final class BusinessChecks {

    private BusinessChecks() {}

    static List<CheckOutcome> run(Connection c, List<BusinessCheck> checks) throws SQLException {
        if (checks.isEmpty()) {
            // said, not passed over: a run without its checks must not read like one that ran them
            return List.of(new CheckOutcome("business", RestoreVerification.NO_BUSINESS_CHECKS_NAME, CheckOutcome.Result.NOT_RUN,
                    RestoreVerification.NO_BUSINESS_CHECKS, 0));
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = DEFAULT");
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (BusinessCheck check : checks) {
            long started = System.nanoTime();
            String name = check.name() == null ? "unnamed" : check.name();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + check.sql() + ") AS drkit_check")) {
                rs.next();
                long rows = rs.getLong(1);
                outcomes.add(new CheckOutcome("business", name, CheckOutcome.Result.of(rows == 0),
                        (check.description() == null ? "" : check.description() + " ")
                                + (rows == 0 ? "Holds." : rows + (rows == 1 ? " row breaks it." : " rows break it.")),
                        (System.nanoTime() - started) / 1_000_000));
            } catch (SQLException e) {
                outcomes.add(new CheckOutcome("business", name, CheckOutcome.Result.FAILED,
                        "the query failed: " + JdbcUrl.redact(e.getMessage()), (System.nanoTime() - started) / 1_000_000));
            }
        }
        return outcomes;
    }
}
