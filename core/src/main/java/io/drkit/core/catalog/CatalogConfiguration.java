package io.drkit.core.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import com.zaxxer.hikari.HikariDataSource;

import io.drkit.core.config.RuntimeSettings;
import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.pg.PgConnections;

/**
 * drkit's own database (job history, Spring Batch's job repository, locks). It is the only
 * {@link DataSource} bean, so Spring Batch keeps its metadata there; source and scratch databases are
 * reached by plain connections and never through a pool that could be confused with it.
 */
@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    /** Created on first use, so commands that need no catalog never connect to one. */
    @Bean
    @Lazy
    public DataSource catalogDataSource(RuntimeSettings settings) {
        JdbcUrl url = settings.catalogUrl();
        createIfMissing(url);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url.url());
        ds.setPoolName("drkit-catalog");
        ds.setMaximumPoolSize(Math.max(4, Runtime.getRuntime().availableProcessors() * 2 + 2));
        ds.setConnectionTimeout(10_000);
        CatalogMigrations.migrate(ds);
        return ds;
    }

    private static void createIfMissing(JdbcUrl url) {
        try (Connection c = PgConnections.open(url.withDatabase("postgres"), "catalog server");
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, url.database());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + url.database().replace("\"", "\"\"") + "\"");
            } catch (SQLException raced) {
                // Another drkit process created it in the meantime: fine.
                if (!"42P04".equals(raced.getSQLState())) {
                    throw PgConnections.cannotConnect(url, "catalog", raced);
                }
            }
        } catch (SQLException e) {
            throw PgConnections.cannotConnect(url, "catalog", e);
        }
    }
}
