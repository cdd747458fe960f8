package io.tenantry.local.backend.costmodel;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.tenantry.shared.logging.JsonLogConfigurator;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the functions write to standard output, which Lambda sends to their log groups in CloudWatch Logs: their JSON
 * log lines (those with the invocation's {@code AWSRequestId} in their MDC) and their EMF metric lines, counted line
 * by line as they are written. Installed over {@code System.out} once the backend started (so over its EMF capture,
 * to which every write is passed on unchanged). Not counted: the emulators' own lines, and the EMF library's notices
 * about the local environment it finds itself in ({@code LocalEnvironment}), which it does not print on Lambda.
 *
 * <p>An EMF line carries no request id: it is attributed to the last request whose log line was written on the same
 * thread, which is the invocation that wrote it (a function writes its metrics at the end of its invocation, on its
 * thread). Lambda's own lines per invocation ({@code START}, {@code END}, {@code REPORT}) are not printed here; see
 * {@link #platformBytes}.
 */
final class LogVolume extends PrintStream {
    private static final Pattern REQUEST_ID = Pattern.compile("\"AWSRequestId\":\"([^\"]+)\"");
    private static final Pattern FUNCTION = Pattern.compile("\"AWSFunctionName\":\"([^\"]+)\"");
    private static final String LOCAL_ONLY = "\"loggerName\":\"software.amazon.cloudwatchlogs.emf.environment.";

    /** CloudWatch Logs counts each event as its UTF-8 bytes plus 26 ({@code PutLogEvents}' rule). */
    static final int EVENT_OVERHEAD = 26;

    /**
     * Lambda's three lines per invocation in the text log format the template keeps, with a request id, a published
     * version, and typical figures: what each invocation adds to its log group beyond what the function prints.
     */
    static final int PLATFORM_BYTES = platformBytes();

    /** One line a function wrote: the invocation's request id, its function, its bytes (newline included). */
    record Line(String requestId, String function, int bytes, boolean emf) {}

    private final PrintStream next;
    private final List<Line> lines = new ArrayList<>();
    private final ThreadLocal<StringBuilder> partial = ThreadLocal.withInitial(StringBuilder::new);
    private final ThreadLocal<String[]> lastInvocation = new ThreadLocal<>();

    private LogVolume(PrintStream next) {
        super(next, true, StandardCharsets.UTF_8);
        this.next = next;
    }

    /**
     * Counts from now on what reaches {@code System.out}, passing it on to what was there, with the functions'
     * logging configured as they are deployed ({@code shared}'s {@link JsonLogConfigurator}: JSON lines at {@code
     * INFO}), not as the tests configure it.
     */
    static LogVolume install() {
        LogVolume volume = new LogVolume(System.out);
        System.setOut(volume);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JsonLogConfigurator.apply(context, null);
        return volume;
    }

    /** Puts back what was there before, and the tests' logging. */
    void uninstall() {
        if (System.out == this) {
            System.setOut(next);
        }
        configure("logback-test.xml");
    }

    private static void configure(String resource) {
        URL config = LogVolume.class.getClassLoader().getResource(resource);
        if (config == null) {
            throw new IllegalStateException("No " + resource + " on the class path");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("Cannot configure logging from " + config, e);
        }
    }

    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    List<Line> between(int from, int to) {
        synchronized (lines) {
            return List.copyOf(lines.subList(from, to));
        }
    }

    @Override
    public void println(String line) {
        count(line);
        next.println(line);
    }

    @Override
    public void println(Object value) {
        count(String.valueOf(value));
        next.println(value);
    }

    @Override
    public void print(String text) {
        written(text);
        next.print(text);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        written(new String(buffer, offset, length, StandardCharsets.UTF_8));
        next.write(buffer, offset, length);
    }

    @Override
    public void write(int b) {
        written(String.valueOf((char) b));
        next.write(b);
    }

    /** Text written without a line end of its own: complete lines are counted, the rest waits for its end. */
    private void written(String text) {
        StringBuilder pending = partial.get();
        pending.append(text);
        int end;
        while ((end = pending.indexOf("\n")) >= 0) {
            String line = pending.substring(0, end);
            pending.delete(0, end + 1);
            count(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
    }

    private void count(String line) {
        if (line == null || !line.startsWith("{") || line.contains(LOCAL_ONLY)) {
            return;
        }
        int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (line.startsWith("{\"_aws\"")) {
            String[] invocation = lastInvocation.get();
            if (invocation != null) {
                add(new Line(invocation[0], invocation[1], bytes, true));
            }
            return;
        }
        Matcher request = REQUEST_ID.matcher(line);
        Matcher function = FUNCTION.matcher(line);
        if (request.find() && function.find()) {
            lastInvocation.set(new String[] {request.group(1), function.group(1)});
            add(new Line(request.group(1), function.group(1), bytes, false));
        }
    }

    private void add(Line line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    private static int platformBytes() {
        String id = "0176845e-ce2c-4cc6-b12c-8e0fc1596dc1";
        List<String> platform = List.of(
                "START RequestId: " + id + " Version: 12",
                "END RequestId: " + id,
                "REPORT RequestId: " + id + "\tDuration: 21.54 ms\tBilled Duration: 22 ms\tMemory Size: 1024 MB"
                        + "\tMax Memory Used: 187 MB\t");
        int bytes = 0;
        for (String line : platform) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1 + EVENT_OVERHEAD;
        }
        return bytes;
    }
}
