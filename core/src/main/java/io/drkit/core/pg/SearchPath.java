package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs catalog reads with only {@code pg_catalog} on the search path: definitions, types and
 * expressions then name every other schema, so the same object reads the same on any server.
 */
public final class SearchPath {

    /** What runs with the narrowed search path. */
    public interface Read<T> {
        T run() throws SQLException;
    }

    private SearchPath() {}

    public static <T> T catalogOnly(Connection c, Read<T> read) throws SQLException {
        String searchPath;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        set(c, "pg_catalog");
        try {
            return read.run();
        } finally {
            set(c, searchPath);
        }
    }

    private static void set(Connection c, String path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
            s.setString(1, path);
            s.execute();
        }
    }
}
