package io.drkit.core.manifest;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which stage of a staged restore a part's rows come back in: {@code hot} rows first (the database
 * serves once they are loaded and indexed), {@code cold} rows behind them (see {@code drkit.tiers.hot}).
 */
public enum Tier {
    HOT, COLD;

    /** As the manifest writes it: {@code hot}, {@code cold}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Tier of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
