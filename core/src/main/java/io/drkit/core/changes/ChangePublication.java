package io.drkit.core.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.drkit.core.error.DrkitException;
import io.drkit.core.pg.Identifiers;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.SourceTable;

/**
 * The publication that names the tables a chain captures. Only tables whose updates and deletes name
 * their row (a primary key, or a replica identity index) are published: adding any other table would
 * make the source refuse updates and deletes on it, breaking the application to back it up.
 */
public final class ChangePublication {

    private ChangePublication() {}

    /**
     * Creates the publication, or sets it to exactly these tables.
     *
     * @return the tables left out, for want of a primary key or replica identity index
     */
    public static List<String> publish(Connection c, String publication, List<SourceTable> tables) {
        try {
            List<SourceTable> keyed = new ArrayList<>();
            List<String> unkeyed = new ArrayList<>();
            for (SourceTable t : tables) {
                if (identifiesRows(c, t)) {
                    keyed.add(t);
                } else {
                    unkeyed.add(t.label());
                }
            }
            boolean exists = exists(c, publication);
            String list = keyed.stream().map(SourceTable::qualified).collect(Collectors.joining(", "));
            try (Statement s = c.createStatement()) {
                if (!exists) {
                    s.execute("CREATE PUBLICATION " + Identifiers.quote(publication)
                            + (keyed.isEmpty() ? "" : " FOR TABLE " + list));
                } else if (keyed.isEmpty()) {
                    s.execute("DROP PUBLICATION " + Identifiers.quote(publication));
                    s.execute("CREATE PUBLICATION " + Identifiers.quote(publication));
                } else {
                    s.execute("ALTER PUBLICATION " + Identifiers.quote(publication) + " SET TABLE " + list);
                }
            }
            return unkeyed;
        } catch (SQLException e) {
            throw DrkitException.usage("cannot create the publication " + publication + " of the backed-up tables on "
                    + "the source (" + JdbcUrl.redact(e.getMessage()) + "); the source user must own the tables", e);
        }
    }

    public static boolean exists(Connection c, String publication) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            s.setString(1, publication);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Labels of the published tables, as the source lists them now. */
    public static java.util.Set<String> tables(Connection c, String publication) throws SQLException {
        java.util.Set<String> labels = new java.util.TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT schemaname || '.' || tablename FROM pg_publication_tables "
                + "WHERE pubname = ?")) {
            s.setString(1, publication);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    labels.add(rs.getString(1));
                }
            }
        }
        return labels;
    }

    public static void drop(Connection c, String publication) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP PUBLICATION IF EXISTS " + Identifiers.quote(publication));
        } catch (SQLException e) {
            throw DrkitException.failed("cannot drop the publication " + publication + ": " + JdbcUrl.redact(e.getMessage()), e);
        }
    }

    private static boolean identifiesRows(Connection c, SourceTable t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT c.relreplident, EXISTS (SELECT 1 FROM pg_index i "
                + "WHERE i.indrelid = c.oid AND ((c.relreplident = 'd' AND i.indisprimary) "
                + "OR (c.relreplident = 'i' AND i.indisreplident))) FROM pg_class c WHERE c.oid = ?::regclass")) {
            s.setString(1, t.qualified());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(2);
            }
        }
    }
}
