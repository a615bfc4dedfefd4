package io.drkit.core.pg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Sequence positions as {@code setval} statements: {@code pg_dump --schema-only} leaves them out (they
 * are data to pg_dump), and a restored table whose identity sequence starts over would reject the next
 * insert. Sequences are not transactional, so this reads their current position, which is at or after
 * every value the snapshot's rows use.
 */
public final class SequenceDump {

    private static final String QUERY = """
            SELECT format('SELECT pg_catalog.setval(%L, %s, %s);',
                          quote_ident(schemaname) || '.' || quote_ident(sequencename),
                          COALESCE(last_value, start_value),
                          CASE WHEN last_value IS NULL THEN 'false' ELSE 'true' END)
            FROM pg_sequences
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
              AND (cardinality(?::text[]) = 0 OR schemaname = ANY (?::text[]))
            ORDER BY schemaname, sequencename
            """;

    private SequenceDump() {}

    public static void write(Connection c, List<String> schemas, OutputStream out) throws SQLException, IOException {
        try (PreparedStatement q = c.prepareStatement(QUERY)) {
            Array schemaArray = c.createArrayOf("text", schemas.toArray());
            q.setArray(1, schemaArray);
            q.setArray(2, schemaArray);
            try (ResultSet rs = q.executeQuery()) {
                out.write("-- sequence positions at the point's snapshot (drkit)\n".getBytes(StandardCharsets.UTF_8));
                while (rs.next()) {
                    out.write((rs.getString(1) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
