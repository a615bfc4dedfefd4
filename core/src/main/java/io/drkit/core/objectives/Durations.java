package io.drkit.core.objectives;

import java.time.Duration;
import java.util.Locale;

/** Durations as operators read them: {@code 850 ms}, {@code 6.2 s}, {@code 3 min 05 s}, {@code 2 h 10 min}, {@code 3 d 4 h}. */
public final class Durations {

    private Durations() {}

    public static String human(long millis) {
        Duration d = Duration.ofMillis(Math.abs(millis));
        String sign = millis < 0 ? "-" : "";
        if (d.toDays() > 0) {
            return sign + (d.toHoursPart() == 0 ? d.toDays() + " d" : String.format(Locale.ROOT, "%d d %d h", d.toDays(), d.toHoursPart()));
        }
        if (d.toHours() > 0) {
            return sign + (d.toMinutesPart() == 0 ? d.toHours() + " h"
                    : String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart()));
        }
        if (d.toMinutes() > 0) {
            return sign + (d.toSecondsPart() == 0 ? d.toMinutes() + " min"
                    : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart()));
        }
        if (d.toMillis() >= 1000) {
            return sign + String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return sign + d.toMillis() + " ms";
    }

    public static String human(Duration d) {
        return human(d.toMillis());
    }
}
