package io.tenantry.shared.metering;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where usage becomes durable: each {@link UsageLine} is one line on standard output, which Lambda hands to the
 * function's log group before the invocation's response leaves; the log group's subscription filter delivers the
 * lines to the usage aggregator ({@code UsageLogFunction}), which writes them to DynamoDB. A line, once printed,
 * outlives the instance: nothing is lost when Lambda reclaims it, or when it crashes, runs out of memory or times
 * out after printing (docs/metering.md).
 *
 * <p>Listeners take the lines in this JVM as well: with {@code TENANTRY_METERING_DELIVERY=in-process} (the local
 * backend and the tests set it) {@link InProcessUsageDelivery} counts each line as it is written, instead of its
 * being printed. None is registered on Lambda.
 */
@Singleton
public final class UsageJournal {
    private final JsonCodec json;
    /** Lines are counted in this JVM, not printed for a log subscription (the local backend, tests). */
    private final boolean inProcess;

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Takes the lines in this JVM. */
    public interface Listener {
        void accept(UsageLine line);

        /**
         * Called at every flush, lines or not: a listener finishes what it could not do before; {@code force}: a
         * reader is about to read, try now.
         */
        default void settle(boolean force) {}
    }

    public UsageJournal(
            JsonCodec json,
            @Value("${tenantry.metering.delivery:log}") String delivery,
            BeanProvider<InProcessUsageDelivery> inProcess) {
        this.json = json;
        this.inProcess = InProcessUsageDelivery.MODE.equals(delivery);
        if (this.inProcess) {
            listeners.add(inProcess.get());
        }
    }

    /**
     * Prints the line (one {@code println}, so it is one log event), then hands it to the listeners. In process the
     * line is not printed: the in-process delivery counts it, and no subscription reads this JVM's output.
     */
    public void write(UsageLine line) {
        if (!inProcess) {
            String text = new String(json.write(line), StandardCharsets.UTF_8);
            PrintStream out = System.out;
            out.println(text);
        }
        listeners.forEach(listener -> listener.accept(line));
    }

    /** A log event in Lambda's JSON log format: the printed line is its {@code message}. */
    @Serdeable
    record Wrapped(@Nullable String message) {}

    /**
     * Reads a printed line back, or null when the text is not a usage line: the line as printed (Lambda's text log
     * format keeps it as it is), after a prefix, or as the {@code message} of a JSON log event.
     */
    public UsageLine parse(String text) {
        if (text == null) {
            return null;
        }
        if (!text.contains(UsageLine.MARKER)) {
            if (!text.contains("\\\"tenantryUsage\\\":") || !text.startsWith("{")) {
                return null;
            }
            try {
                Wrapped wrapped = json.read(text.getBytes(StandardCharsets.UTF_8), Wrapped.class);
                return wrapped == null
                                || wrapped.message() == null
                                || wrapped.message().equals(text)
                        ? null
                        : parse(wrapped.message());
            } catch (RuntimeException e) {
                return null;
            }
        }
        int start = text.indexOf('{');
        if (start < 0) {
            return null;
        }
        try {
            UsageLine line = json.read(text.substring(start).getBytes(StandardCharsets.UTF_8), UsageLine.class);
            return line != null && line.tenantryUsage() == UsageLine.VERSION && line.tenantId() != null ? line : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Lets every listener finish what it could not do before (the meter calls it at every flush). */
    public void settle(boolean force) {
        listeners.forEach(listener -> listener.settle(force));
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }
}
