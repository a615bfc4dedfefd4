package io.drkit.core.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.drkit.core.manifest.Manifest.Setting;
import io.drkit.core.pg.Identifiers;

/**
 * {@code ALTER DATABASE ... SET} and {@code ALTER ROLE ... IN DATABASE ... SET} statements from the
 * values PostgreSQL stores in {@code pg_db_role_setting}, quoted as pg_dump quotes them: a list
 * setting ({@code search_path}) element by element, any other as one string.
 */
public final class DatabaseSettings {

    /** pg_dump's list of settings whose stored value is a list of quoted identifiers (variable_is_guc_list_quote). */
    private static final Set<String> LIST_SETTINGS = Set.of("local_preload_libraries", "search_path",
            "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private DatabaseSettings() {}

    /**
     * @param database the database as SQL: a quoted name, or psql's {@code :"DBNAME"} in a script
     *     that applies to whichever database psql is connected to
     */
    public static String statement(Setting s, String database) {
        String target = s.role() == null ? "ALTER DATABASE " + database
                : "ALTER ROLE " + Identifiers.quote(s.role()) + " IN DATABASE " + database;
        return target + " SET " + assignment(s.name(), s.value());
    }

    /** {@code "name" TO value}, the value quoted as the setting needs. */
    static String assignment(String name, String value) {
        String values;
        if (LIST_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
            List<String> elements = splitList(value);
            values = elements.isEmpty() ? "''" : String.join(", ", elements.stream().map(Identifiers::literal).toList());
        } else {
            values = Identifiers.literal(value);
        }
        return Identifiers.quote(name) + " TO " + values;
    }

    /**
     * A stored list value ({@code "$user", public}) into its elements, as pg_dump's SplitGUCList
     * reads it: elements separated by commas, double quotes around an element that needs them.
     */
    static List<String> splitList(String value) {
        List<String> elements = new ArrayList<>();
        int i = skipSpaces(value, 0);
        if (i == value.length()) {
            return elements;
        }
        while (true) {
            StringBuilder element = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i++;
                while (i < value.length()) {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < value.length() && value.charAt(i) == '"') {
                            element.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        element.append(c);
                    }
                }
            } else {
                while (i < value.length() && value.charAt(i) != ',' && !Character.isWhitespace(value.charAt(i))) {
                    element.append(value.charAt(i++));
                }
            }
            elements.add(element.toString());
            i = skipSpaces(value, i);
            if (i < value.length() && value.charAt(i) == ',') {
                i = skipSpaces(value, i + 1);
                continue;
            }
            if (i >= value.length()) {
                return elements;
            }
            // not a list after all: keep the value whole, as it was stored
            return List.of(value);
        }
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
