package io.drkit.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

import picocli.CommandLine;

/**
 * {@code --help} and {@code --version}, at any level, answered by picocli alone: starting Spring
 * (and with it the catalog's, the object store's and the jobs' classes) took seconds to print text
 * that depends on none of them. The commands are the same classes with the same options, so the
 * text is the same as the full path prints (a test compares them). So is a command line that does
 * not parse ({@code drkit bakup}): it is answered with its "did you mean" before any setting is read,
 * so that a configuration problem never hides a typo, nor a typo starts a daemon's web server.
 */
final class QuickAnswers {

    /** Turns the quick path off, for the test that compares its text with Spring's. */
    static final String OFF = "drkit.quick-answers.off";

    private QuickAnswers() {}

    /** @return the exit code when the arguments ask for help or the version, or do not parse; otherwise null */
    static Integer answer(String[] args) {
        return answer(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static Integer answer(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || Boolean.getBoolean(OFF)) {
            return null;
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = CommandRunner.commandLine(new WithoutContext()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return execute(args, out, err); // said as the full path says it
        } catch (CommandLine.InitializationException e) {
            return null; // said by the full path, in its words
        }
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return execute(args, out, err);
            }
        }
        return null;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = CommandRunner.commandLine(new WithoutContext());
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * Makes commands without their collaborators: help and version never call them, and the
     * constructors only keep what they are given.
     */
    static final class WithoutContext implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (!type.isAnnotationPresent(CommandLine.Command.class)) {
                return CommandLine.defaultFactory().create(type);
            }
            Constructor<?> constructor = type.getDeclaredConstructors()[0];
            Class<?>[] parameters = constructor.getParameterTypes();
            Object[] none = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                none[i] = parameters[i].isPrimitive() ? defaultOf(parameters[i]) : null;
            }
            constructor.setAccessible(true);
            return type.cast(constructor.newInstance(none));
        }

        private static Object defaultOf(Class<?> primitive) {
            if (primitive == boolean.class) {
                return false;
            }
            if (primitive == char.class) {
                return '\0';
            }
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(primitive, 1), 0);
        }
    }
}
