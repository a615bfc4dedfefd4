/**
 * drkit's own database: the DataSource, its Flyway migrations (db/catalog) and the catalog lock.
 * May use config, error and pg.
 */
@org.jspecify.annotations.NullMarked
package io.drkit.core.catalog;
