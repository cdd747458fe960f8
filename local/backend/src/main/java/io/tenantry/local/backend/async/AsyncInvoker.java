package io.tenantry.local.backend.async;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tenantry.local.backend.InvocationLog;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Arns;
import io.tenantry.local.template.EventInvokeConfig;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs asynchronous invocations as Lambda does (the Invoke API's {@code Event} type, schedules, S3 events): the
 * function is invoked; a function error or a timeout is retried up to the function's {@code MaximumRetryAttempts}
 * (2 by default), the k-th retry after k times the retry delay (Lambda waits about one minute, then two; locally one
 * second, then two, unless configured otherwise), unless the event would then be older than its {@code
 * MaximumEventAgeInSeconds}; then the outcome goes to the {@code OnFailure} (or {@code OnSuccess}) SQS destination as
 * the invocation record Lambda sends. Every attempt keeps the same request id and is logged like any invocation.
 */
public final class AsyncInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvoker.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static final String SUCCESS = "Success";
    public static final String RETRIES_EXHAUSTED = "RetriesExhausted";
    public static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";

    /** The local default: one second, then two. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    /** A destination on a local queue. */
    public record Destination(String queueLogicalId, String queueUrl) {}

    /** How a function's asynchronous invocations are handled locally; destinations are null when not delivered. */
    public record Settings(
            int maximumRetryAttempts, Duration maximumEventAge, Destination onSuccess, Destination onFailure) {
        public static final Settings DEFAULT = new Settings(
                EventInvokeConfig.DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
                Duration.ofSeconds(EventInvokeConfig.DEFAULT_MAXIMUM_EVENT_AGE_SECONDS),
                null,
                null);

        /** For the start's listing: {@code 2 retries, OnFailure -> Queue}. */
        public String description() {
            List<String> parts = new ArrayList<>();
            parts.add(maximumRetryAttempts + (maximumRetryAttempts == 1 ? " retry" : " retries"));
            if (!maximumEventAge.equals(Settings.DEFAULT.maximumEventAge())) {
                parts.add("maximum event age " + maximumEventAge.toSeconds() + " s");
            }
            if (onSuccess != null) {
                parts.add("OnSuccess -> " + onSuccess.queueLogicalId());
            }
            if (onFailure != null) {
                parts.add("OnFailure -> " + onFailure.queueLogicalId());
            }
            return String.join(", ", parts);
        }
    }

    /** The functions' settings, and what in their {@code EventInvokeConfig} cannot be delivered locally. */
    public record Resolved(Map<String, Settings> settings, List<String> problems) {}

    /**
     * What became of an asynchronous invocation: its request id, how many times the function ran, the record's
     * condition ({@link #SUCCESS}, {@link #RETRIES_EXHAUSTED} or {@link #EVENT_AGE_EXCEEDED}), the last attempt, and
     * the destination's queue (null when the outcome went nowhere).
     */
    public record Outcome(String requestId, int attempts, String condition, Invocation last, String destination) {}

    /** An invocation whose first attempt ran in the caller's thread; the rest continues in the background. */
    public record Started(Invocation first, CompletableFuture<Outcome> outcome) {}

    /** Sends a message body to a queue. */
    @FunctionalInterface
    public interface QueueSender {
        void send(String queueUrl, String body);
    }

    private final Map<String, Settings> settings;
    private final Function<String, LocalFunction> functions;
    private final QueueSender sender;
    private final ExecutorService executor;
    private final InvocationLog log;
    private final Duration retryDelay;

    /**
     * @param retryDelay the wait before the first retry; the k-th retry waits k times as long (Lambda: about a minute)
     */
    public AsyncInvoker(
            Map<String, Settings> settings,
            Function<String, LocalFunction> functions,
            QueueSender sender,
            ExecutorService executor,
            InvocationLog log,
            Duration retryDelay) {
        this.settings = Map.copyOf(settings);
        this.functions = functions;
        this.sender = sender;
        this.executor = executor;
        this.log = log;
        this.retryDelay = retryDelay;
    }

    /**
     * Every function's {@code EventInvokeConfig} on the local queues. A destination that is not an SQS queue of the
     * template (an SNS topic, a function, an event bus, a queue SAM would create, a queue of another stack) is left
     * out and named in {@link Resolved#problems()}.
     */
    public static Resolved resolve(SamTemplate template, Intrinsics intrinsics, LocalResources resources) {
        Map<String, Settings> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition function : template.functions().values()) {
            EventInvokeConfig config = function.eventInvokeConfig();
            settings.put(
                    function.logicalId(),
                    new Settings(
                            config.maximumRetryAttempts(),
                            Duration.ofSeconds(config.maximumEventAgeInSeconds()),
                            destination(function, "OnSuccess", config.onSuccess(), intrinsics, resources, problems),
                            destination(function, "OnFailure", config.onFailure(), intrinsics, resources, problems)));
        }
        return new Resolved(Collections.unmodifiableMap(settings), List.copyOf(problems));
    }

    private static Destination destination(
            FunctionDefinition function,
            String which,
            EventInvokeConfig.Destination destination,
            Intrinsics intrinsics,
            LocalResources resources,
            List<String> problems) {
        return queue(
                function.logicalId() + ": EventInvokeConfig " + which, destination, intrinsics, resources, problems);
    }

    /**
     * The queue of the template a destination names (an event source mapping's {@code OnFailure} too), or null, with
     * the reason in {@code problems}, when it is not an SQS queue of the template; {@code about} opens that reason.
     */
    public static Destination queue(
            String about,
            EventInvokeConfig.Destination destination,
            Intrinsics intrinsics,
            LocalResources resources,
            List<String> problems) {
        if (destination == null) {
            return null;
        }
        if (!destination.isSqs()) {
            problems.add(about + " of Type " + destination.type() + " is not emulated (only SQS destinations are);"
                    + " the outcome is only logged");
            return null;
        }
        if (destination.destination() == null) {
            problems.add(about + " has no Destination (SAM creates a queue for it in the cloud); locally the outcome"
                    + " is only logged");
            return null;
        }
        Optional<String> queue;
        try {
            queue = intrinsics.queueLogicalId(destination.destination(), destination.path());
        } catch (RuntimeException e) {
            queue = Optional.empty();
        }
        if (queue.isEmpty() || !resources.all().containsKey(queue.get())) {
            problems.add(about + " " + destination.destination() + " is not a queue of this template; locally the"
                    + " outcome is only logged");
            return null;
        }
        return new Destination(queue.get(), resources.queueUrl(queue.get()));
    }

    /** The settings of a function (Lambda's defaults for one the template does not know). */
    public Settings settings(String functionLogicalId) {
        return settings.getOrDefault(functionLogicalId, Settings.DEFAULT);
    }

    /** Every function's settings, by logical id. */
    public Map<String, Settings> allSettings() {
        return settings;
    }

    /** Queues an invocation: every attempt, and the destination, in the background. */
    public CompletableFuture<Outcome> submit(String functionLogicalId, String requestId, byte[] event, String trigger) {
        Instant received = Instant.now();
        return CompletableFuture.supplyAsync(
                () -> guarded(functionLogicalId, requestId, () -> {
                    Settings config = settings(functionLogicalId);
                    Attempt first = attempt(functionLogicalId, requestId, event, trigger, 1, config, received);
                    return run(functionLogicalId, requestId, event, trigger, received, first);
                }),
                executor);
    }

    /** Queues an invocation under a new request id. */
    public CompletableFuture<Outcome> submit(String functionLogicalId, byte[] event, String trigger) {
        return submit(functionLogicalId, UUID.randomUUID().toString(), event, trigger);
    }

    /**
     * Runs the first attempt now, in the caller's thread, and answers it; the retries and the destination follow in
     * the background.
     */
    public Started start(String functionLogicalId, byte[] event, String trigger) {
        Instant received = Instant.now();
        String requestId = UUID.randomUUID().toString();
        Attempt first = attempt(functionLogicalId, requestId, event, trigger, 1, settings(functionLogicalId), received);
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(
                () -> guarded(
                        functionLogicalId,
                        requestId,
                        () -> run(functionLogicalId, requestId, event, trigger, received, first)),
                executor);
        return new Started(first.invocation(), outcome);
    }

    private static Outcome guarded(String functionLogicalId, String requestId, Supplier<Outcome> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            LOG.warn("The asynchronous invocation {} of {} failed", requestId, functionLogicalId, e);
            throw e;
        }
    }

    /**
     * One attempt's result, and what follows it: a retry after {@code retryIn}, or none (null), either because the
     * attempt succeeded or the retries are spent, or because the event would be too old by then ({@code tooOld}).
     */
    private record Attempt(Invocation invocation, int number, Duration retryIn, boolean tooOld) {}

    private Outcome run(
            String functionLogicalId, String requestId, byte[] event, String trigger, Instant received, Attempt first) {
        Settings config = settings(functionLogicalId);
        Attempt last = first;
        while (last.retryIn() != null) {
            try {
                Thread.sleep(last.retryIn());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("Retries of {} ({}) stopped: the backend is stopping", functionLogicalId, requestId);
                return new Outcome(requestId, last.number(), RETRIES_EXHAUSTED, last.invocation(), null);
            }
            last = attempt(functionLogicalId, requestId, event, trigger, last.number() + 1, config, received);
        }
        int attempts = last.number();
        String condition =
                !last.invocation().failed() ? SUCCESS : last.tooOld() ? EVENT_AGE_EXCEEDED : RETRIES_EXHAUSTED;
        Destination destination = condition.equals(SUCCESS) ? config.onSuccess() : config.onFailure();
        if (destination == null) {
            if (!condition.equals(SUCCESS)) {
                log.outcome(
                        functionLogicalId,
                        requestId,
                        "dropped: " + condition + " after " + attempts + attempts(attempts)
                                + " (no OnFailure destination)");
            }
            return new Outcome(requestId, attempts, condition, last.invocation(), null);
        }
        String which = condition.equals(SUCCESS) ? "OnSuccess" : "OnFailure";
        String record = Json.text(record(functionLogicalId, requestId, condition, attempts, event, last.invocation()));
        try {
            sender.send(destination.queueUrl(), record);
            log.outcome(
                    functionLogicalId,
                    requestId,
                    which + " -> " + destination.queueLogicalId() + ": " + condition + " after " + attempts
                            + attempts(attempts));
            return new Outcome(requestId, attempts, condition, last.invocation(), destination.queueLogicalId());
        } catch (RuntimeException e) {
            LOG.warn("Sending the {} record of {} to {} failed", which, requestId, destination.queueLogicalId(), e);
            log.outcome(
                    functionLogicalId,
                    requestId,
                    which + " -> " + destination.queueLogicalId() + " failed: " + e.getMessage());
            return new Outcome(requestId, attempts, condition, last.invocation(), null);
        }
    }

    /** One attempt, logged: {@code <trigger>  attempt 2/3  (errorType)  retry in 2000 ms}. */
    private Attempt attempt(
            String functionLogicalId,
            String requestId,
            byte[] event,
            String trigger,
            int number,
            Settings config,
            Instant received) {
        LocalFunction function = functions.apply(functionLogicalId);
        Invocation invocation = function.invoke(event, requestId);
        int total = 1 + config.maximumRetryAttempts();
        Duration retryIn = null;
        boolean tooOld = false;
        StringBuilder what = new StringBuilder(trigger);
        if (invocation.failed() || number > 1) {
            what.append("  attempt ").append(number).append('/').append(total);
        }
        if (invocation.failed()) {
            what.append("  (").append(invocation.errorType()).append(')');
            if (number < total) {
                Duration delay = retryDelay.multipliedBy(number);
                tooOld = Duration.between(received, Instant.now().plus(delay)).compareTo(config.maximumEventAge()) > 0;
                if (tooOld) {
                    what.append("  no retry: the event would be older than its MaximumEventAgeInSeconds");
                } else {
                    retryIn = delay;
                    what.append("  retry in ").append(delay.toMillis()).append(" ms");
                }
            }
        }
        log.record(function.logicalId(), invocation, what.toString());
        return new Attempt(invocation, number, retryIn, tooOld);
    }

    private static String attempts(int attempts) {
        return attempts == 1 ? " attempt" : " attempts";
    }

    /**
     * The invocation record Lambda sends to a destination: {@code version}, {@code timestamp}, {@code requestContext}
     * ({@code requestId}, {@code functionArn} with {@code $LATEST}, {@code condition}, {@code approximateInvokeCount}),
     * {@code requestPayload} (the event), {@code responseContext} ({@code statusCode}, {@code executedVersion}, and
     * {@code functionError: Unhandled} for a failure) and {@code responsePayload} (the result, or the error JSON).
     */
    static ObjectNode record(
            String functionLogicalId, String requestId, String condition, int attempts, byte[] event, Invocation last) {
        ObjectNode record = Json.object();
        record.put("version", "1.0");
        record.put("timestamp", TIMESTAMP.format(Instant.now()));
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", requestId);
        request.put("functionArn", Arns.function(functionLogicalId) + ":$LATEST");
        request.put("condition", condition);
        request.put("approximateInvokeCount", attempts);
        record.set("requestPayload", json(event));
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (last.failed()) {
            response.put("functionError", "Unhandled");
        }
        record.set("responsePayload", json(last.payload()));
        return record;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            JsonNode node = Json.parse(bytes);
            return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
