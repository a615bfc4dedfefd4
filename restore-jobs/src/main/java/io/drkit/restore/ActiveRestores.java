package io.drkit.restore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;

/** The restores running in this JVM, by run id (the job parameter that names them). */
@Component
public class ActiveRestores {

    private final Map<String, ActiveRestore> running = new ConcurrentHashMap<>();

    void add(ActiveRestore r) {
        running.put(r.runId(), r);
    }

    void remove(String runId) {
        running.remove(runId);
    }

    ActiveRestore get(String runId) {
        ActiveRestore r = running.get(runId);
        if (r == null) {
            throw DrkitException.failed("restore run " + runId + " is not running in this process", null);
        }
        return r;
    }
}
