package io.drkit.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.drkit.core.error.DrkitException;

/**
 * The systemd {@code OnCalendar=} value that fires exactly when a cron expression does (drkit's
 * expressions are in UTC and never restrict both the day of the month and the day of the week).
 */
final class OnCalendar {

    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] WEEKDAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private OnCalendar() {}

    static String of(CronSchedule s) {
        List<String> f = s.fields();
        String where = "drkit.schedules." + s.job().key();
        String minute = numbers(f.get(0), 0, where);
        String hour = numbers(f.get(1), 0, where);
        String dom = numbers(f.get(2), 1, where);
        String month = numbers(names(f.get(3), MONTHS, 1), 1, where);
        String dow = weekdays(names(f.get(4), WEEKDAYS, 0), where);
        return (dow.equals("*") ? "" : dow + " ") + "*-" + month + "-" + dom + " " + hour + ":" + minute + ":00 UTC";
    }

    /** A numeric field in systemd's syntax: lists stay lists, {@code a-b} becomes {@code a..b}, {@code * /n} starts at the field's first value. */
    private static String numbers(String field, int first, String where) {
        List<String> items = new ArrayList<>();
        for (String item : field.split(",")) {
            String[] step = item.split("/");
            String range = step[0];
            String base;
            if (range.equals("*")) {
                base = step.length > 1 ? two(first) : "*";
            } else if (range.contains("-")) {
                if (step.length > 1) {
                    throw DrkitException.usage(where + ": a range with a step ('" + item + "') has no systemd "
                            + "equivalent; list the values instead");
                }
                String[] ends = range.split("-");
                base = two(Integer.parseInt(ends[0])) + ".." + two(Integer.parseInt(ends[1]));
            } else {
                base = two(Integer.parseInt(range));
            }
            items.add(step.length > 1 ? base + "/" + Integer.parseInt(step[1]) : base);
        }
        return String.join(",", items);
    }

    private static String weekdays(String field, String where) {
        if (field.equals("*")) {
            return "*";
        }
        List<String> items = new ArrayList<>();
        for (String item : field.split(",")) {
            if (item.contains("/")) {
                throw DrkitException.usage(where + ": a day-of-week step ('" + item + "') has no systemd equivalent; "
                        + "list the days instead");
            }
            String[] ends = item.split("-");
            items.add(ends.length == 1 ? DAYS[Integer.parseInt(ends[0])]
                    : DAYS[Integer.parseInt(ends[0])] + ".." + DAYS[Integer.parseInt(ends[1])]);
        }
        return String.join(",", items);
    }

    /** Month and day names (jan, mon) as their numbers, as cron allows either. */
    private static String names(String field, String[] names, int offset) {
        String out = field.toLowerCase(Locale.ROOT);
        for (int i = 0; i < names.length; i++) {
            out = out.replace(names[i], Integer.toString(i + offset));
        }
        return out;
    }

    private static String two(int n) {
        return String.format(Locale.ROOT, "%02d", n);
    }
}
