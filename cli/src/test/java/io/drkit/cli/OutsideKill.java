package io.drkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real kill: drkit started as an operator starts it, and ended with SIGKILL sent by the test from
 * outside ({@link Process#destroyForcibly()}), at a moment chosen after a sign that it is at work (an
 * object stored, the slot active, a part loaded). Nothing in drkit halts itself here: that is what its
 * fail points do, for exact places. The seed chooses the sign; it is named in every assertion, and
 * {@code -Ddrkit.kill.seed=N} runs the same choices again.
 */
public final class OutsideKill {

    /** The exit status Java reports for a process ended by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    /** One base seed per test JVM; each scenario draws its own choices from it. */
    private static final long BASE = Long.getLong("drkit.kill.seed", new SecureRandom().nextLong() & Long.MAX_VALUE);

    private OutsideKill() {}

    /** Whether a sign of work can be seen yet; polled every few milliseconds. */
    @FunctionalInterface
    public interface Check {
        boolean seen() throws Exception;
    }

    /** A sign that the process is at work, and what it means. */
    public record Sign(String name, Check check) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The choices of one scenario (which sign, how many objects), drawn from the run's base seed. */
    public record Seed(long base, String scenario, Random random) {
        public <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        /** A whole number from {@code min} to {@code max}, both included. */
        public int between(int min, int max) {
            return min + random.nextInt(max - min + 1);
        }

        @Override
        public String toString() {
            return "kill seed " + base + " (" + scenario + "; run it again with -Ddrkit.kill.seed=" + base + ")";
        }
    }

    public static Seed seed(String scenario) {
        return new Seed(BASE, scenario, new Random(BASE * 31 + scenario.hashCode()));
    }

    /** What the kill met: the sign it waited for, under which seed, and the killed process's output. */
    public record Killed(Sign sign, Seed seed, Path log) {
        @Override
        public String toString() {
            return "killed after the sign '" + sign + "', " + seed;
        }
    }

    /**
     * Starts drkit with {@code args}, waits (bounded) for {@code sign}, sends SIGKILL and asserts that
     * the process was alive when the signal reached it: it had not ended before the sign, and its exit
     * status is the signal's, not one of drkit's own.
     */
    public static Killed afterSign(Map<String, String> env, Path dir, Sign sign, Seed seed, String... args)
            throws Exception {
        Path log = Files.createTempFile(dir, "killed-", ".log");
        Process p = DrkitProcess.start(env, dir, log, args);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        boolean seen = false;
        while (p.isAlive() && System.nanoTime() < deadline && !(seen = sign.check().seen())) {
            Thread.sleep(10);
        }
        boolean aliveAtSign = p.isAlive();
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended by SIGKILL within a minute").isTrue();
        Killed killed = new Killed(sign, seed, log);
        System.out.println(String.join(" ", args) + ": " + killed);
        assertThat(seen).as("the sign '%s' seen within three minutes, while drkit ran (%s); exit %d:%n%s", sign, seed,
                p.exitValue(), output(log)).isTrue();
        assertThat(aliveAtSign && p.exitValue() == SIGKILL_EXIT).as("drkit alive when killed: exit %d after %s%n%s",
                p.exitValue(), killed, output(log)).isTrue();
        return killed;
    }

    private static String output(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
