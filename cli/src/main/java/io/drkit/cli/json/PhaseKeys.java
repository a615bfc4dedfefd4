package io.drkit.cli.json;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phase keys in one form in every document: {@code <job>.<step>}, the step in camelCase, the job one of
 * {@code backup}, {@code restore}, {@code verify} and {@code drill}. So {@code restore}'s {@code preData},
 * {@code verify --restore}'s {@code restore: preData} and a drill's {@code restore: preData} are all
 * {@code restore.preData}; a drill's "start-up (drkit and its connections)" is {@code drill.startUp}.
 */
public final class PhaseKeys {

    private PhaseKeys() {}

    /**
     * @param job the job a label without its own {@code job: } prefix belongs to
     * @param millis each phase's wall time in milliseconds, under the label the job gave it, in order
     */
    public static Map<String, Duration> of(String job, Map<String, Long> millis) {
        Map<String, Long> keyed = new LinkedHashMap<>();
        millis.forEach((label, ms) -> keyed.put(key(job, label), ms));
        return JsonDocuments.seconds(keyed);
    }

    static String key(String job, String label) {
        String words = label.replaceFirst("\\s*\\(.*\\)\\s*$", "");
        int colon = words.indexOf(':');
        String owner = colon < 0 ? job : words.substring(0, colon).trim();
        return camel(owner) + "." + camel(colon < 0 ? words : words.substring(colon + 1));
    }

    /** {@code read-back} as {@code readBack}, {@code job bookkeeping} as {@code jobBookkeeping}; {@code preData} stays. */
    static String camel(String words) {
        StringBuilder out = new StringBuilder();
        for (String w : words.trim().split("[^A-Za-z0-9]+")) {
            if (w.isEmpty()) {
                continue;
            }
            out.append(out.length() == 0 ? Character.toLowerCase(w.charAt(0)) : Character.toUpperCase(w.charAt(0)))
                    .append(w.substring(1));
        }
        return out.toString();
    }
}
