package io.drkit.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class whose databases must come from a server that can capture changes
 * ({@code wal_level=logical}): {@link RealServices} then gives it the local server only when that
 * server is set up so, and an embedded one otherwise. A fresh machine's server runs with
 * {@code wal_level=replica}, and the README's test command must pass there without preparation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ChangeCapture {}
