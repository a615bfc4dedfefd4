package io.drkit.verify;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.drkit.core.repository.RepositoryIdentity;

/** When each object was last read in full, per repository (catalog table drkit_object_read). */
final class ObjectReadHistory {

    private final JdbcTemplate jdbc;
    private final RepositoryIdentity repository;

    ObjectReadHistory(DataSource catalog, RepositoryIdentity repository) {
        this.jdbc = new JdbcTemplate(catalog);
        this.repository = repository;
    }

    Map<String, Instant> lastReads() {
        Map<String, Instant> reads = new HashMap<>();
        // rows under the repository's other spelling were written before it had one identity
        jdbc.query("SELECT object_key, read_at FROM drkit_object_read WHERE repository IN (?, ?)",
                rs -> {
                    reads.merge(rs.getString(1), rs.getTimestamp(2).toInstant(), (a, b) -> a.isAfter(b) ? a : b);
                }, repository.spellings().get(0), repository.spellings().get(1));
        return reads;
    }

    /** @param outcomes object key → {@code ok} or the kind of problem found */
    void record(Map<String, String> outcomes, Instant at) {
        List<Object[]> rows = outcomes.entrySet().stream()
                .map(e -> new Object[] {repository.uri(), e.getKey(), Timestamp.from(at), e.getValue()}).toList();
        jdbc.batchUpdate("""
                INSERT INTO drkit_object_read (repository, object_key, read_at, outcome) VALUES (?, ?, ?, ?)
                ON CONFLICT (repository, object_key) DO UPDATE SET read_at = excluded.read_at, outcome = excluded.outcome
                """, rows);
    }
}
