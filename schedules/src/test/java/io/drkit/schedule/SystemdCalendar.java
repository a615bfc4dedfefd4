package io.drkit.schedule;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A reading of systemd.time(7) calendar events, for the forms a timer can hold ({@code [Mon..Fri ]
 * *-MM-DD HH:MM:SS UTC} with lists, {@code a..b} ranges and {@code a/n} repetitions), written from
 * the manual and independent of the renderer: where {@code systemd-analyze} is not installed, it is
 * what the timers are checked against.
 */
final class SystemdCalendar {

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private final IntPredicate weekday;
    private final IntPredicate month;
    private final IntPredicate day;
    private final IntPredicate hour;
    private final IntPredicate minute;

    private SystemdCalendar(IntPredicate weekday, IntPredicate month, IntPredicate day, IntPredicate hour,
            IntPredicate minute) {
        this.weekday = weekday;
        this.month = month;
        this.day = day;
        this.hour = hour;
        this.minute = minute;
    }

    static SystemdCalendar parse(String event) {
        List<String> parts = new ArrayList<>(List.of(event.trim().split("\\s+")));
        if (!parts.get(parts.size() - 1).equals("UTC")) {
            throw new IllegalArgumentException("not in UTC: " + event);
        }
        parts.remove(parts.size() - 1);
        IntPredicate weekday = d -> true;
        if (parts.size() == 3) {
            weekday = weekdays(parts.remove(0));
        }
        String[] date = parts.get(0).split("-");
        String[] time = parts.get(1).split(":");
        if (!date[0].equals("*") || !time[2].equals("00")) {
            throw new IllegalArgumentException("unexpected year or seconds in " + event);
        }
        return new SystemdCalendar(weekday, values(date[1]), values(date[2]), values(time[0]), values(time[1]));
    }

    /** The next {@code count} times after {@code after}, to the minute. */
    List<LocalDateTime> next(LocalDateTime after, int count) {
        List<LocalDateTime> found = new ArrayList<>();
        LocalDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime end = after.plusYears(3);
        while (found.size() < count && t.isBefore(end)) {
            if (month.test(t.getMonthValue()) && day.test(t.getDayOfMonth()) && weekday.test(t.getDayOfWeek().getValue())
                    && hour.test(t.getHour()) && minute.test(t.getMinute())) {
                found.add(t);
            }
            t = t.plusMinutes(1);
        }
        return found;
    }

    private static IntPredicate values(String field) {
        IntPredicate any = v -> false;
        for (String item : field.split(",")) {
            IntPredicate one;
            if (item.equals("*")) {
                one = v -> true;
            } else if (item.contains("/")) {
                int start = Integer.parseInt(item.substring(0, item.indexOf('/')));
                int step = Integer.parseInt(item.substring(item.indexOf('/') + 1));
                one = v -> v >= start && (v - start) % step == 0;
            } else if (item.contains("..")) {
                int from = Integer.parseInt(item.substring(0, item.indexOf("..")));
                int to = Integer.parseInt(item.substring(item.indexOf("..") + 2));
                one = v -> v >= from && v <= to;
            } else {
                int only = Integer.parseInt(item);
                one = v -> v == only;
            }
            any = any.or(one);
        }
        return any;
    }

    /** ISO day numbers: Monday 1 to Sunday 7. */
    private static IntPredicate weekdays(String field) {
        IntPredicate any = v -> false;
        for (String item : field.toLowerCase(Locale.ROOT).split(",")) {
            String[] ends = item.split("\\.\\.");
            int from = DAYS.indexOf(ends[0]) + 1;
            int to = ends.length == 1 ? from : DAYS.indexOf(ends[1]) + 1;
            any = any.or(v -> v >= from && v <= to);
        }
        return any;
    }
}
