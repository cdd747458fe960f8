package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * The log subscriptions of the template, for functions run through the runtime: the usage lines a subscribed
 * function prints (docs/metering.md) are taken from its output as CloudWatch Logs would take them from its log group,
 * and delivered to the function the subscription names ({@link #AGGREGATOR}) in one CloudWatch Logs event, run
 * through the runtime as well. The function's process is gone by then (each run ends with a SIGKILL, as Lambda ends
 * an execution environment): whatever it printed is counted, nothing it held in memory is needed.
 */
final class UsageDelivery {
    static final String AGGREGATOR = "UsageLogFunction";
    /** The text every usage line holds (shared's {@code UsageLine.MARKER}). */
    static final String MARKER = "\"tenantryUsage\":";

    private final Set<String> subscribed;
    private final List<String> lines = new ArrayList<>();

    UsageDelivery(SamTemplate template) {
        this.subscribed = subscribedFunctions(template);
    }

    /** The functions whose log group has a subscription filter delivering to {@link #AGGREGATOR}'s alias. */
    static Set<String> subscribedFunctions(SamTemplate template) {
        Set<String> functions = new TreeSet<>();
        Map<String, TemplateResource> resources = template.resources();
        for (TemplateResource filter : resources.values()) {
            if (!filter.type().equals("AWS::Logs::SubscriptionFilter")
                    || !Map.of("Ref", AGGREGATOR + ".Alias")
                            .equals(filter.properties().get("DestinationArn"))
                    || !(filter.properties().get("LogGroupName") instanceof Map<?, ?> group)) {
                continue;
            }
            Object logGroup = group.get("Ref");
            template.functions().keySet().stream()
                    .filter(id -> resources.get(id).properties().get("LoggingConfig") instanceof Map<?, ?> logging
                            && Map.of("Ref", logGroup).equals(logging.get("LogGroup")))
                    .forEach(functions::add);
        }
        return functions;
    }

    boolean isSubscribed(String logicalId) {
        return subscribed.contains(logicalId);
    }

    /** The function's output, with its usage lines kept when its log group is subscribed. */
    Consumer<String> capturing(String logicalId, Consumer<String> logs) {
        if (!isSubscribed(logicalId)) {
            return logs;
        }
        return line -> {
            if (line != null && line.contains(MARKER)) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
            logs.accept(line);
        };
    }

    /** The lines taken and not yet delivered. */
    List<String> pending() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Runs {@link #AGGREGATOR} with a CloudWatch Logs event holding the pending lines; they are no longer pending
     * when it succeeded. Null when nothing was pending.
     */
    RunReport deliver(Session session, Consumer<String> logs) {
        List<String> taken = pending();
        if (taken.isEmpty()) {
            return null;
        }
        FunctionSpec spec = session.prepare(AGGREGATOR);
        RunReport report = new FunctionRunner(logs, logs).run(spec, event(taken), 1);
        if (report.succeeded()) {
            synchronized (lines) {
                lines.subList(0, taken.size()).clear();
            }
        }
        return report;
    }

    /** The event a subscription delivers: {@code awslogs.data}, base64 of the gzip of the log events' document. */
    static byte[] event(List<String> messages) {
        ObjectNode document = Json.object()
                .put("messageType", "DATA_MESSAGE")
                .put("owner", "000000000000")
                .put("logGroup", "local")
                .put("logStream", "local");
        document.putArray("subscriptionFilters").add("local");
        ArrayNode events = document.putArray("logEvents");
        long now = System.currentTimeMillis();
        for (int i = 0; i < messages.size(); i++) {
            events.addObject()
                    .put("id", Integer.toString(i))
                    .put("timestamp", now)
                    .put("message", messages.get(i));
        }
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(Json.bytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode event = Json.object();
        event.putObject("awslogs").put("data", Base64.getEncoder().encodeToString(gzipped.toByteArray()));
        return Json.bytes(event);
    }

    /** The requests the pending lines of a tenant count on a day. */
    static long requests(List<String> messages, String tenantId, String day) {
        long requests = 0;
        for (String message : messages) {
            JsonNode line = Json.tryParse(message.substring(Math.max(0, message.indexOf('{'))));
            if (line != null
                    && tenantId.equals(line.path("tenantId").asText())
                    && day.equals(line.path("day").asText())) {
                requests += line.path("requests").asLong();
            }
        }
        return requests;
    }

    /** Whether the aggregator's invocation succeeded. */
    static boolean delivered(RunReport report) {
        return report != null
                && report.succeeded()
                && report.invocations().stream().allMatch(Invocation::succeeded);
    }
}
