package io.tenantry.local.backend.metrics;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Standard output of this JVM, where the functions running in it print their EMF lines as they do on
 * Lambda (Powertools over the EMF library's console sink writes each line with one {@code println}).
 * A line that is an EMF document, printed on a thread a backend runs its invocations on ({@link
 * #OWNER}), goes to that backend's listener instead of the terminal, as CloudWatch Logs would take it
 * out of the function's log; every other write passes through untouched. One per JVM ({@link
 * #install}); each backend registers its listener while it runs, so two backends in one JVM (tests)
 * count only their own functions.
 */
final class EmfCapture extends PrintStream {
    private static EmfCapture installed;

    /** The listener of the backend whose invocation runs on this thread. */
    static final ThreadLocal<Predicate<String>> OWNER = new ThreadLocal<>();

    private final List<Predicate<String>> listeners = new CopyOnWriteArrayList<>();

    private EmfCapture(PrintStream terminal) {
        super(terminal, true);
    }

    /** The capture in place as {@link System#out}, installed over the current one if it is not. */
    static synchronized EmfCapture install() {
        if (installed == null || System.out != installed) {
            installed = new EmfCapture(System.out);
            System.setOut(installed);
        }
        return installed;
    }

    /** Adds a listener; it answers true when it took the line (an EMF document). */
    void register(Predicate<String> listener) {
        listeners.add(listener);
    }

    void unregister(Predicate<String> listener) {
        listeners.remove(listener);
    }

    @Override
    public void println(String line) {
        if (!take(line)) {
            super.println(line);
        }
    }

    @Override
    public void println(Object value) {
        if (!(value instanceof String line) || !take(line)) {
            super.println(value);
        }
    }

    private boolean take(String line) {
        Predicate<String> owner = OWNER.get();
        if (owner == null || line == null || !listeners.contains(owner) || !EmfLine.looksLikeEmf(line)) {
            return false;
        }
        return owner.test(line);
    }
}
