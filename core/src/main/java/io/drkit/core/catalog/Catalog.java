package io.drkit.core.catalog;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.drkit.core.config.RuntimeSettings;

/** drkit's own database, reached on first use: its pool, and its locks. */
@Component
public class Catalog {

    private final ObjectProvider<DataSource> dataSource;
    private final RuntimeSettings settings;

    public Catalog(ObjectProvider<DataSource> dataSource, RuntimeSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /** The pool; the first call creates and migrates the catalog database when needed. */
    public DataSource dataSource() {
        return dataSource.getObject();
    }

    /** Takes the named lock or fails with exit code 5 naming who holds it. */
    public CatalogLock lock(LockName name, String command) {
        dataSource(); // the holder table must exist
        return CatalogLock.acquire(settings.catalogUrl(), name, command);
    }
}
