package io.drkit.backup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.drkit.error.DrkitException;

/** The backups running in this JVM, by point id (the job parameter that names them). */
@Component
public class ActiveBackups {

    private final Map<String, ActiveBackup> running = new ConcurrentHashMap<>();

    void add(ActiveBackup backup) {
        running.put(backup.pointId(), backup);
    }

    void remove(String pointId) {
        ActiveBackup b = running.remove(pointId);
        if (b != null && b.snapshot() != null) {
            b.snapshot().close();
        }
    }

    ActiveBackup get(String pointId) {
        ActiveBackup b = running.get(pointId);
        if (b == null) {
            throw DrkitException.failed("point " + pointId + " is not being backed up by this process; "
                    + "its snapshot is gone, so it cannot be finished", null);
        }
        return b;
    }
}
