package io.drkit.cli;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

import io.drkit.core.config.SettingChecks;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.ExitCode;
import io.drkit.core.error.FileTrouble;
import io.drkit.core.pg.JdbcUrl;

/**
 * What an operator reads when drkit cannot start: a setting that cannot be bound ({@code
 * DRKIT_TARGETS_RPO=abc}) or that its record refuses ({@code DRKIT_BACKUP_PARALLELISM=-3}) is one line
 * naming the setting and a value that would do, with exit 2, instead of Spring's start-up report.
 */
record StartupFailure(ExitCode exitCode, String message) {

    static StartupFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DrkitException d) {
                return new StartupFailure(d.exitCode(), JdbcUrl.redact(d.getMessage()));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException b) {
                return new StartupFailure(ExitCode.USAGE, unbindable(b));
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String file = FileTrouble.said(root);
        return new StartupFailure(ExitCode.JOB_FAILED, "drkit could not start: " + JdbcUrl.redact(file != null ? file
                : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage())));
    }

    /** A value of the wrong type: named, shown (only values of these types, which are never secrets), and what would do. */
    static String unbindable(BindException b) {
        String property = b.getProperty() != null ? b.getProperty().getName().toString() : b.getName().toString();
        Class<?> type = b.getTarget() == null ? Object.class : b.getTarget().getType().resolve(Object.class);
        String expected;
        if (type == Duration.class) {
            expected = "a duration such as 15m, 90s or 2h";
        } else if (type == DataSize.class) {
            expected = "a size such as 128MB or 1GB";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            expected = "a whole number";
        } else if (type == boolean.class || type == Boolean.class) {
            expected = "true or false";
        } else if (type == double.class || type == Double.class) {
            expected = "a number";
        } else {
            return SettingChecks.named(property) + " has a value drkit cannot use: fix or unset it";
        }
        Object value = b.getProperty() == null ? null : b.getProperty().getValue();
        return SettingChecks.named(property) + " must be " + expected + (value == null ? "" : ", not '" + value + "'");
    }
}
