package io.drkit.core.pg;

import java.util.List;
import java.util.stream.Collectors;

public final class Identifiers {

    private Identifiers() {}

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    public static String quoteAll(List<String> identifiers) {
        return identifiers.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
