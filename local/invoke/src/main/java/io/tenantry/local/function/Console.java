package io.tenantry.local.function;

import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the local commands say to the person running them: URLs, the ready line, notes, warnings, one line per
 * invocation. Plain text on the given streams (standard output and error for {@code ./tenantry start}); the
 * functions' own JSON logs and the emulators' chatter go through Logback, configured by {@link #useLogback}.
 */
public final class Console {
    public static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private final PrintStream out;
    private final PrintStream err;

    public Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public void info(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    public void warn(String line) {
        synchronized (err) {
            err.println("warning: " + line);
            err.flush();
        }
    }

    public void error(String line) {
        synchronized (err) {
            err.println("error: " + line);
            err.flush();
        }
    }

    /**
     * Points Logback at {@code configuration} (a class-path resource), unless a configuration was chosen already;
     * takes effect if called before the first logger is made. Keeps {@code java.util.logging} (the emulators'
     * start-up notices) to warnings: the commands print their own lines about the emulators.
     */
    public static void useLogback(String configuration) {
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, configuration);
        }
        Logger.getLogger("").setLevel(Level.WARNING);
    }
}
