package io.tenantry.local.backend;

import io.tenantry.local.function.Console;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** A {@link Console} whose lines the tests can read (and which also go to the test's standard error). */
final class CapturedConsole {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Console console = new Console(
            new PrintStream(tee(out), true, StandardCharsets.UTF_8),
            new PrintStream(tee(err), true, StandardCharsets.UTF_8));

    private static OutputStream tee(ByteArrayOutputStream capture) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (capture) {
                    capture.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (capture) {
                    capture.write(b, off, len);
                }
                System.err.write(b, off, len);
            }
        };
    }

    List<String> lines() {
        synchronized (out) {
            return Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    String errors() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** The invocation lines that mention {@code text}. */
    List<String> linesWith(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }
}
