package io.drkit.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.drkit.core.manifest.Manifest.SourceIdentity;

/** Who the source is: a restore refuses to write into a database with the same identity. */
public final class SourceIdentityReader {

    private SourceIdentityReader() {}

    /** Runs outside a transaction: the system identifier needs a privilege some roles lack. */
    public static SourceIdentity read(Connection c) throws SQLException {
        String version;
        String database;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_database()")) {
            rs.next();
            version = rs.getString(1);
            database = rs.getString(2);
        }
        String systemId = "unknown";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            if (rs.next()) {
                systemId = rs.getString(1);
            }
        } catch (SQLException notPermitted) {
            // pg_control_system() is superuser/pg_monitor only; the point still identifies the database
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return new SourceIdentity(systemId, version, database);
    }
}
