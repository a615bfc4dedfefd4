package io.drkit.verify.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.drkit.core.pg.JdbcUrl;

/**
 * Every restored B-tree index against its table with {@code amcheck}: {@code bt_index_check} with
 * {@code heapallindexed}, so an index entry missing for a row, or a broken ordering, is found.
 */
final class IndexChecks {

    private static final String BTREE_INDEXES = """
            SELECT i.indexrelid, n.nspname || '.' || x.relname
            FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_namespace n ON n.oid = x.relnamespace
            JOIN pg_am am ON am.oid = x.relam
            WHERE am.amname = 'btree' AND x.relkind = 'i' AND i.indisvalid
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drkit_restore') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY 2
            """;

    private IndexChecks() {}

    static List<CheckOutcome> run(Connection c) throws SQLException {
        String unavailable = enableAmcheck(c);
        if (unavailable != null) {
            return List.of(new CheckOutcome("index", "all B-tree indexes", CheckOutcome.Result.NOT_RUN,
                    "not checked: " + unavailable, 0));
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<Object[]> indexes = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BTREE_INDEXES)) {
            while (rs.next()) {
                indexes.add(new Object[] {rs.getLong(1), rs.getString(2)});
            }
        }
        for (Object[] index : indexes) {
            long started = System.nanoTime();
            try (PreparedStatement q = c.prepareStatement("SELECT bt_index_check(?::oid::regclass, true)")) {
                q.setLong(1, (Long) index[0]);
                q.execute();
                outcomes.add(new CheckOutcome("index", (String) index[1], CheckOutcome.Result.PASSED, "every row is indexed, order holds",
                        (System.nanoTime() - started) / 1_000_000));
            } catch (SQLException e) {
                outcomes.add(new CheckOutcome("index", (String) index[1], CheckOutcome.Result.FAILED, JdbcUrl.redact(e.getMessage()),
                        (System.nanoTime() - started) / 1_000_000));
            }
        }
        return outcomes;
    }

    /** @return why amcheck cannot be used here, or null */
    private static String enableAmcheck(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
            return null;
        } catch (SQLException e) {
            return "the server has no amcheck extension, or this user may not create it ("
                    + JdbcUrl.redact(e.getMessage()) + ")";
        }
    }
}
