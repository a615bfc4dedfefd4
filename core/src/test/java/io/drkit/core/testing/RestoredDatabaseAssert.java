package io.drkit.core.testing;

import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;

import io.drkit.core.pg.JdbcUrl;
import io.drkit.core.testing.SourceCapture.Sequences;

/**
 * AssertJ for a restored database against a {@link SourceCapture} of its source:
 * {@code assertThatRestored(target).as("killed after parts").isTheSource(expected)}. The restored
 * database is captured the same way, with {@code pg_dump}, when the assertion is made.
 */
public final class RestoredDatabaseAssert extends AbstractAssert<RestoredDatabaseAssert, SourceCapture> {

    private Predicate<String> ignoredSchema = s -> false;
    private final java.util.List<String> ignoredSchemas = new java.util.ArrayList<>();

    private RestoredDatabaseAssert(SourceCapture restored) {
        super(restored, RestoredDatabaseAssert.class);
    }

    public static RestoredDatabaseAssert assertThatRestored(JdbcUrl restored) {
        return new RestoredDatabaseAssert(SourceCapture.of(restored));
    }

    public static RestoredDatabaseAssert assertThatRestored(TestDatabase restored) {
        return assertThatRestored(restored.url());
    }

    public static RestoredDatabaseAssert assertThatRestored(SourceCapture restored) {
        return new RestoredDatabaseAssert(restored);
    }

    /**
     * Leaves an extension out of the schema comparison: one that a verification ({@code verify
     * --restore}, a drill) creates in the database it restored, as amcheck.
     */
    public RestoredDatabaseAssert ignoringExtension(String name) {
        ignoredSchema = ignoredSchema.or(s -> s.startsWith("CREATE EXTENSION IF NOT EXISTS " + name + " ")
                || s.startsWith("COMMENT ON EXTENSION " + name + " "));
        return this;
    }

    /**
     * Leaves a schema of drkit's own out of the schema comparison (a standby's ledger); its tables'
     * rows are not compared either, since only the capture's tables are.
     */
    public RestoredDatabaseAssert ignoringSchema(String name) {
        ignoredSchema = ignoredSchema.or(s -> s.contains(" " + name + ".") || s.contains(" " + name + ";")
                || s.contains(" " + name + " "));
        ignoredSchemas.add(name);
        return this;
    }

    /** Schema, every row of every table, and every sequence's position as in the capture. */
    public RestoredDatabaseAssert isTheSource(SourceCapture expected) {
        return matches(expected, Sequences.EQUAL);
    }

    /**
     * Schema and rows as in the capture, sequences at or past it: a restore to a moment between points
     * ({@code --time}).
     */
    public RestoredDatabaseAssert isTheSourceWithSequencesAtOrPast(SourceCapture expected) {
        return matches(expected, Sequences.AT_OR_PAST);
    }

    private RestoredDatabaseAssert matches(SourceCapture expected, Sequences rule) {
        isNotNull();
        SourceCapture have = actual;
        for (String schema : ignoredSchemas) {
            have = have.withoutSchema(schema);
        }
        have.differenceFrom(expected, rule, ignoredSchema).ifPresent(d -> failWithMessage("%s", d));
        return this;
    }
}
