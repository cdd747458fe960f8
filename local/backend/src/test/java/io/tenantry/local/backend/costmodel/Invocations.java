package io.tenantry.local.backend.costmodel;

import io.tenantry.local.function.Console;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local backend's invocation log, read as it is written: the {@link Console} given to the backend parses each
 * {@code <time> <function> <status> <duration> ms tenant=<id> request=<id> <what>} line into an {@link Invocation}.
 * Everything else it prints (the routes, warnings) is kept for failure messages.
 */
final class Invocations {
    private static final Pattern LINE =
            Pattern.compile("^\\S+ (\\S+)\\s+(\\S+)\\s+(\\d+) ms  tenant=(\\S+) request=(\\S+)  (.*)$");

    /** One invocation as the local backend logged it; {@code durationMillis} is the handler's, truncated to the ms. */
    record Invocation(
            String function, String status, long durationMillis, String tenant, String requestId, String what) {
        /** An invocation through the HTTP API (as opposed to a queue, a notification or the local identity provider). */
        boolean isApi() {
            return !function.equals("(local)") && what.matches("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.*");
        }

        boolean isFunction() {
            return !function.equals("(local)");
        }

        /**
         * What Lambda bills: the duration rounded up to the millisecond. The backend logs whole milliseconds,
         * truncated, so the billed duration is one more (a duration of exactly N.000 ms is too rare to matter).
         */
        long billedMillis() {
            return durationMillis + 1;
        }
    }

    private final List<Invocation> invocations = new ArrayList<>();
    private final List<String> other = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Console console = new Console(
            new PrintStream(new LineStream(this::accept), true, StandardCharsets.UTF_8),
            new PrintStream(new LineStream(this::error), true, StandardCharsets.UTF_8));

    Console console() {
        return console;
    }

    private void accept(String line) {
        Matcher matcher = LINE.matcher(line);
        synchronized (invocations) {
            if (matcher.matches()) {
                invocations.add(new Invocation(
                        matcher.group(1),
                        matcher.group(2),
                        Long.parseLong(matcher.group(3)),
                        matcher.group(4),
                        matcher.group(5),
                        matcher.group(6)));
                invocations.notifyAll();
            } else {
                other.add(line);
            }
        }
    }

    private void error(String line) {
        synchronized (invocations) {
            errors.add(line);
        }
        System.err.println(line);
    }

    int mark() {
        synchronized (invocations) {
            return invocations.size();
        }
    }

    List<Invocation> between(int from, int to) {
        synchronized (invocations) {
            return List.copyOf(invocations.subList(from, to));
        }
    }

    List<Invocation> since(int from) {
        synchronized (invocations) {
            return List.copyOf(invocations.subList(from, invocations.size()));
        }
    }

    /** Waits until an invocation logged after {@code from} matches, and answers it. */
    Invocation await(int from, Predicate<Invocation> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (invocations) {
            while (true) {
                for (int i = from; i < invocations.size(); i++) {
                    if (wanted.test(invocations.get(i))) {
                        return invocations.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No invocation " + what + " within " + timeout + "; logged since: "
                            + invocations.subList(from, invocations.size()) + "; errors: " + errors);
                }
                try {
                    invocations.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    List<String> errors() {
        synchronized (invocations) {
            return List.copyOf(errors);
        }
    }

    /** An output stream that hands each complete line (UTF-8) to a consumer. */
    private static final class LineStream extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineStream(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String line = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }
}
