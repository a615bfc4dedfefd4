package io.drkit.core.config;

import java.time.Duration;
import java.util.Locale;

import org.springframework.util.unit.DataSize;

import io.drkit.core.error.DrkitException;
import io.drkit.core.objectives.Durations;
import io.drkit.core.progress.Sizes;

/**
 * The checks settings get as they are bound: a value that cannot work is refused at start-up with
 * exit 2 and one line naming the setting in both its forms (environment and property) and a value
 * that would do, before any job starts.
 */
public final class SettingChecks {

    private SettingChecks() {}

    /** {@code drkit.backup.part-size} → {@code DRKIT_BACKUP_PARTSIZE}, the form cron entries and scripts use. */
    public static String environmentName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Both names of a setting, for messages: {@code DRKIT_TARGETS_RPO (drkit.targets.rpo)}. */
    public static String named(String property) {
        return environmentName(property) + " (" + property + ")";
    }

    public static DrkitException invalid(String property, String problem) {
        return DrkitException.usage(named(property) + " " + problem);
    }

    public static void positive(Duration value, String property, String example) {
        if (value == null) {
            throw invalid(property, "is empty: give a duration such as " + example);
        }
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, "must be a duration above zero, such as " + example + ", not "
                    + Durations.human(value));
        }
    }

    public static void positiveSize(DataSize value, String property, String example) {
        if (value == null || value.toBytes() <= 0) {
            throw invalid(property, "must be a size above zero, such as " + example
                    + (value == null ? "" : ", not " + value.toBytes() + " bytes"));
        }
    }

    public static void atLeastSize(DataSize value, DataSize smallest, String property, String example) {
        if (value == null || value.toBytes() < smallest.toBytes()) {
            throw invalid(property, "must be at least " + Sizes.human(smallest.toBytes()) + ", such as " + example
                    + (value == null ? "" : ", not " + value.toBytes() + " bytes"));
        }
    }

    /** @param hint what to set instead, e.g. a default or how to get one */
    public static void atLeast(int value, int least, String property, String hint) {
        if (value < least) {
            throw invalid(property, "must be at least " + least + ", not " + value
                    + (hint.matches("\\d+") ? " (default " + hint + ")" : " (" + hint + ")"));
        }
    }

    public static void between(int value, int least, int most, String property, String hint) {
        if (value < least || value > most) {
            throw invalid(property, "must be " + least + " to " + most + ", not " + value + " (" + hint + ")");
        }
    }
}
