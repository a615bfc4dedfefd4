package io.drkit.backup.pace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Lowers this process's CPU priority (nice) when it shares the host with the database it backs up, so
 * that the database's own work, the tracking service's lookups, comes first when the cores are busy.
 * Linux keeps a nice value per thread, and a thread takes its creator's: every thread that exists now is
 * reniced, and those created later inherit it.
 */
public final class LowerPriority {

    private LowerPriority() {}

    /** @param nice 1 to 19; 0 leaves the priority alone */
    public static void apply(int nice, Consumer<String> log) {
        if (nice <= 0) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.map(t -> t.getFileName().toString()).forEach(command::add);
        } catch (IOException e) {
            command.add(Long.toString(ProcessHandle.current().pid())); // no /proc: the main thread at least
        }
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0) {
                log.accept("backup: the source runs on this machine; drkit runs at nice " + nice
                        + " so that the database's own work comes first (drkit.backup.nice)");
                return;
            }
            renice.destroyForcibly();
        } catch (IOException e) {
            // no renice on this machine: said below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.accept("backup: the source runs on this machine, and drkit could not lower its own priority (renice)");
    }
}
