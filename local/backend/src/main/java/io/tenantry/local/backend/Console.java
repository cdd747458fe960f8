package io.tenantry.local.backend;

import java.io.PrintStream;

/**
 * What the local backend says to the person running it: the URLs, the ready line, warnings, and one line per
 * invocation. Plain text on the given streams (standard output and error for {@code ./tenantry start}); the
 * functions' own JSON logs go through Logback.
 */
public final class Console {
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
}
