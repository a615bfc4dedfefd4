package io.drkit.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.scheduling.support.CronExpression;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import io.drkit.core.error.DrkitException;

/**
 * A job bound to a crontab expression: five fields (minute hour day-of-month month day-of-week) as in
 * crontab(5), in UTC, or {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}. The
 * expression is read and checked by cron-utils' crontab (Unix) definition, which also puts it into
 * words.
 *
 * @param fields the five fields, macros expanded
 * @param description when it runs, in words: "at 01:00 (UTC)"
 */
public record CronSchedule(ScheduledJob job, String expression, List<String> fields, String description) {

    private static final CronParser CRONTAB = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern WEEKDAY =
            Pattern.compile("at (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) day");

    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    /** The same schedule for Spring's scheduler, whose expressions start with seconds. */
    public CronExpression spring() {
        return CronExpression.parse("0 " + String.join(" ", fields));
    }

    /**
     * The configured schedules, in the jobs' order; blank ones mean the job is not scheduled.
     *
     * @throws DrkitException usage, naming the key, for an unknown job or an
     *     expression that is not a five-field cron expression
     */
    public static List<CronSchedule> configured(Map<String, String> configured) {
        return configured(configured, true);
    }

    /**
     * @param incrementalsOn whether incremental backups are on ({@code drkit.incremental.enabled}): while they
     *     are off, the incremental-backup schedule is checked but not in force, so that its default of every
     *     15 minutes starts the day they are turned on, and never runs a job that can only refuse
     */
    public static List<CronSchedule> configured(Map<String, String> configured, boolean incrementalsOn) {
        Map<ScheduledJob, CronSchedule> found = new LinkedHashMap<>();
        if (configured != null) {
            configured.forEach((given, expression) -> {
                // DRKIT_SCHEDULES_FULL_BACKUP also binds as "full.backup": one job, however it was spelled
                String key = given.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-');
                String where = "drkit.schedules." + key;
                ScheduledJob job = ScheduledJob.byKey(key);
                if (job == null) {
                    throw DrkitException.usage(where + ": no such job; the jobs are "
                            + String.join(", ", Arrays.stream(ScheduledJob.values()).map(ScheduledJob::key).toList()));
                }
                if (expression == null || expression.isBlank()) {
                    return;
                }
                found.put(job, parse(where, job, expression.trim()));
            });
        }
        List<CronSchedule> ordered = new ArrayList<>();
        for (ScheduledJob job : ScheduledJob.values()) {
            if (found.containsKey(job) && (incrementalsOn || job != ScheduledJob.INCREMENTAL_BACKUP)) {
                ordered.add(found.get(job));
            }
        }
        return ordered;
    }

    static CronSchedule parse(String where, ScheduledJob job, String expression) {
        String expanded = MACROS.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
        List<String> fields = List.of(expanded.split("\\s+"));
        if (fields.size() != 5) {
            throw DrkitException.usage(where + ": '" + expression + "' has " + fields.size()
                    + " fields; a crontab expression has five: minute hour day-of-month month day-of-week (UTC)");
        }
        Cron cron;
        try {
            cron = CRONTAB.parse(expanded).validate();
        } catch (IllegalArgumentException e) {
            throw DrkitException.usage(where + ": '" + expression + "' is not a crontab expression: "
                    + cronUtilsReason(e), e);
        }
        if (!fields.get(2).equals("*") && !fields.get(4).equals("*")) {
            // crontab runs when either matches, Spring's scheduler when both do: refuse rather than guess
            throw DrkitException.usage(where + ": '" + expression + "' restricts both the day of the month and the "
                    + "day of the week, which schedulers read differently; restrict one of them");
        }
        try {
            CronExpression.parse("0 " + expanded);
        } catch (IllegalArgumentException e) {
            // what the daemon's clock cannot follow; Spring's message would show its six-field form, never said
            throw DrkitException.usage(where + ": '" + expression + "' is a crontab expression the daemon cannot "
                    + "schedule; write it with numbers, ranges, lists and steps only", e);
        }
        return new CronSchedule(job, expression, fields, describe(cron));
    }

    /** cron-utils' reason without its preamble: "value 25 not in range [0, 23]". */
    private static String cronUtilsReason(IllegalArgumentException e) {
        String m = e.getMessage() == null ? "not understood" : e.getMessage();
        m = m.replaceFirst("^Failed to parse cron expression\\.\\s*", "");
        m = m.replaceFirst("^Cron expression contains (\\d+) parts but we expect one of \\[5\\]", "$1 fields, not five");
        return m.isEmpty() ? "not understood" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** cron-utils' words, in UTC, with its "at Sunday day" said as "on Sunday". */
    private static String describe(Cron cron) {
        try {
            String words = CronDescriptor.instance(Locale.ENGLISH).describe(cron);
            return WEEKDAY.matcher(words).replaceAll("on $1") + " (UTC)";
        } catch (RuntimeException e) {
            return "as crontab reads '" + cron.asString() + "' (UTC)"; // a valid schedule with no words for it
        }
    }
}
