package io.drkit.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.drkit.core.pg.JdbcUrl;

/** A database of its own for one test, on the shared test server; dropped when the test ends. */
public record TestDatabase(String name, JdbcUrl url) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url.url());
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.url());
        return ds;
    }
}
