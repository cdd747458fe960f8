package io.tenantry.local.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults in force: which calls to which service fail, how, how often and how many times. The {@link FaultProxy}s in
 * front of the emulators ask it about every HTTP attempt they see, so the SDK's own retries meet the faults exactly as
 * they would meet AWS's errors. Thread-safe.
 */
public final class Faults {
    /** The services whose calls can be faulted. */
    public static final Set<String> SERVICES = Set.of("dynamodb", "sqs", "s3");

    /** How a faulted attempt fails. */
    public enum Error {
        /** The service's throttling error (DynamoDB {@code ThrottlingException}, S3 {@code SlowDown}, ...). */
        THROTTLING,
        /** A 500 from the service. */
        SERVER,
        /** The call reaches the service, which acts on it, and its response is dropped: the connection closes. */
        TIMEOUT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Error> of(String wireName) {
            for (Error error : values()) {
                if (error.wireName().equals(wireName)) {
                    return Optional.of(error);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One fault: calls to {@code service} (and {@code operation}, when given) fail with {@code error}, each attempt with
     * probability {@code rate}, until {@code count} attempts have failed (no limit when null).
     */
    public record Rule(String id, String service, String operation, Error error, double rate, Integer count) {
        public Rule {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("Unknown service " + service + "; one of " + SERVICES);
            }
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException("The rate must lie between 0 and 1: " + rate);
            }
            if (count != null && count < 1) {
                throw new IllegalArgumentException("The count must be at least 1: " + count);
            }
        }

        boolean matches(String calledService, String calledOperation) {
            return service.equals(calledService) && (operation == null || operation.equals(calledOperation));
        }
    }

    /** A rule and how many attempts it has failed so far. */
    public record Injected(Rule rule, long injected) {}

    private final AtomicLong ids = new AtomicLong();
    private final List<Active> active = new ArrayList<>();

    /** Adds a fault; it applies from the next attempt on. */
    public synchronized Rule add(String service, String operation, Error error, double rate, Integer count) {
        Rule rule = new Rule("fault-" + ids.incrementAndGet(), service, operation, error, rate, count);
        active.add(new Active(rule));
        return rule;
    }

    /** Every fault added since the last {@link #clear}, with its count of failed attempts. */
    public synchronized List<Injected> list() {
        return active.stream().map(a -> new Injected(a.rule, a.injected)).toList();
    }

    /** Removes one fault; false when there is no such fault. */
    public synchronized boolean remove(String id) {
        return active.removeIf(a -> a.rule.id().equals(id));
    }

    public synchronized void clear() {
        active.clear();
    }

    /**
     * Whether this attempt of a call fails, and how: the first rule that matches the call, still has attempts to fail,
     * and draws a failure at its rate, counts the attempt.
     */
    public synchronized Optional<Error> draw(String service, String operation) {
        for (Active candidate : active) {
            Rule rule = candidate.rule;
            boolean spent = rule.count() != null && candidate.injected >= rule.count();
            if (!spent
                    && rule.matches(service, operation)
                    && (rule.rate() >= 1.0 || ThreadLocalRandom.current().nextDouble() < rule.rate())) {
                candidate.injected++;
                return Optional.of(rule.error());
            }
        }
        return Optional.empty();
    }

    private static final class Active {
        final Rule rule;
        long injected;

        Active(Rule rule) {
            this.rule = rule;
        }
    }
}
