package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every function of the template, each with its {@code events/**}{@code /<LogicalId>.json}, run as {@code invoke}
 * runs one, against one set of AWS services, and held to {@link Expectations}.
 *
 * <p>The sample events name a tenant, and resources by id, that an empty database does not hold. Rather than excuse
 * the 404s that follow, the suite creates them through the public API first and points the later events at them:
 *
 * <ol>
 *   <li>the sign-up function (routed {@code POST /v1/tenants}) runs first, with its own event; the tenant it creates
 *       then stands for the {@code tenant_id} claim of every later event;
 *   <li>then the other functions routed {@code POST} to a collection ({@code POST /v1/projects}); what each creates
 *       stands for the path parameter of the later events routed to an item of that collection ({@code
 *       /v1/projects/{projectId}}: {@code pathParameters}, {@code rawPath} and {@code requestContext.http.path});
 *   <li>then the others in template order, routes that delete last ({@code DELETE /v1/tenant} very last); a
 *       direct invocation whose payload names a {@code tenantId} (the operator's plan change) names the seeded
 *       tenant, and a queue message naming a created resource ({@code invoiceId}) names it and the seeded tenant.
 * </ol>
 *
 * A 404 is accepted only from an event whose path names a resource nothing created.
 */
final class FunctionSuite {
    static final String SIGN_UP_METHOD = "POST";
    static final String SIGN_UP_PATH = "/v1/tenants";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/+]+)\\+?}");

    private final Session session;
    private final PrintStream out;
    private final UsageDelivery usage;
    private final boolean checkUsage;
    /** The plain baseline ({@link Baseline}): its invocations (0: not run), its result, the event it reads. */
    private int baselineRepeat;

    private Result baseline;
    private Seeded baselineEvent;
    private byte[] baselineBytes;

    /** Results go to {@code out}: a line per function, then "invoke: N passed, M failed". */
    FunctionSuite(Session session, PrintStream out) {
        this(session, out, true);
    }

    /** {@code checkUsage}: also deliver the usage lines and check the counts ({@link #usage}); bench does not. */
    FunctionSuite(Session session, PrintStream out, boolean checkUsage) {
        this.session = session;
        this.out = out;
        this.usage = new UsageDelivery(session.template());
        this.checkUsage = checkUsage;
    }

    /** One function's run and verdict; {@code report} is null when it could not run. */
    record Result(
            String logicalId, String eventFile, RunReport report, boolean passed, String summary, String handler) {}

    /** What earlier functions created: the tenant, and one body per collection path. */
    static final class Seeds {
        String tenantId;
        final Map<String, JsonNode> created = new HashMap<>();
    }

    List<Result> run(int repeat) {
        return run(repeat, Set.of());
    }

    /**
     * Runs every function; with {@code only} not empty, only those are measured and reported, and the others run once,
     * unreported, for what they create.
     */
    List<Result> run(int repeat, Set<String> only) {
        List<FunctionDefinition> functions =
                ordered(session.template().functions().values());
        out.println("Running " + functions.size() + " functions of "
                + session.project().relative(session.project().template())
                + (repeat > 1 ? ", " + repeat + " invocations each" : "") + ", on "
                + session.aws().backend().description());
        List<Result> results = new ArrayList<>();
        Seeds seeds = new Seeds();
        boolean usageChecked = !checkUsage;
        for (FunctionDefinition function : functions) {
            if (!usageChecked && rank(function) == 4) {
                // Before the tenant's own deletion, after which the aggregator drops its usage.
                Result usageResult = usage(seeds);
                results.add(usageResult);
                printLine(usageResult, 1);
                usageChecked = true;
            }
            boolean measured = only.isEmpty() || only.contains(function.logicalId());
            Result result = runOne(function, measured ? repeat : 1, seeds);
            if (measured) {
                results.add(result);
                printLine(result, repeat);
            }
            if (result.passed()) {
                remember(function, result.report(), seeds);
            }
            if (baselineRepeat > 0 && function.logicalId().equals(Baseline.MEASURED)) {
                // Right after the function it is measured against, before any later function deletes the item.
                baseline = runBaseline(baselineRepeat);
            }
        }
        if (!usageChecked) {
            Result usageResult = usage(seeds);
            results.add(usageResult);
            printLine(usageResult, 1);
        }
        long passed = results.stream().filter(Result::passed).count();
        out.println("invoke: " + passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    private Result runOne(FunctionDefinition function, int repeat, Seeds seeds) {
        return runOne(function, repeat, seeds, false);
    }

    /** {@code withoutQuery}: the event's query string left out (a read of today's usage, for {@link #usage}). */
    private Result runOne(FunctionDefinition function, int repeat, Seeds seeds, boolean withoutQuery) {
        String id = function.logicalId();
        Optional<Path> eventFile;
        try {
            eventFile = session.project().eventFile(id);
        } catch (IllegalStateException e) {
            return new Result(id, null, null, false, e.getMessage(), function.handler());
        }
        if (eventFile.isEmpty()) {
            return new Result(
                    id, null, null, false, "no sample event: add events/<context>/" + id + ".json", function.handler());
        }
        String file = session.project().relative(eventFile.get());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(eventFile.get());
        } catch (IOException e) {
            return new Result(id, file, null, false, "cannot read " + file + ": " + e.getMessage(), function.handler());
        }
        JsonNode event = Json.tryParse(bytes);
        if (event == null) {
            return new Result(id, file, null, false, file + " is not JSON", function.handler());
        }
        if (withoutQuery && event instanceof ObjectNode object) {
            object.remove("queryStringParameters");
            object.put("rawQueryString", "");
        }
        Seeded seeded =
                seed(event, route(function).map(FunctionEvent.HttpApi::path).orElse(null), seeds);
        if (seeded.changed() || withoutQuery) {
            bytes = seeded.event().toString().getBytes(StandardCharsets.UTF_8);
        }
        if (id.equals(Baseline.MEASURED)) {
            baselineEvent = seeded;
            baselineBytes = bytes;
        }
        FunctionSpec spec;
        try {
            spec = session.prepare(id);
        } catch (RuntimeException e) {
            return new Result(
                    id, file, null, false, "could not build or prepare: " + e.getMessage(), function.handler());
        }
        Consumer<String> sink = session.options().verbose() ? line -> out.println("      " + line) : line -> {};
        RunReport report = new FunctionRunner(usage.capturing(id, sink), sink).run(spec, bytes, repeat);
        Expectations.Verdict verdict = Expectations.check(seeded.event(), report, seeded.unseededPath());
        return new Result(id, file, report, verdict.passed(), verdict.summary(), function.handler());
    }

    /**
     * Also runs the plain baseline ({@link Baseline}), {@code repeat} invocations, right after {@link
     * Baseline#MEASURED}; returns this suite.
     */
    FunctionSuite withBaseline(int repeat) {
        this.baselineRepeat = repeat;
        return this;
    }

    /** The plain baseline's result: failed when it was not run or {@link Baseline#MEASURED} did not run. */
    Result baseline() {
        return baseline != null ? baseline : baselineFailed(Baseline.MEASURED + " did not run: no event to read");
    }

    /** {@code repeat} invocations of {@link Baseline#MEASURED}'s event, as the suite seeded it, by the baseline. */
    private Result runBaseline(int repeat) {
        if (baselineBytes == null) {
            return baselineFailed(Baseline.MEASURED + " did not run: no event to read");
        }
        FunctionSpec spec;
        try {
            spec = session.prepareBaseline();
        } catch (RuntimeException e) {
            return baselineFailed("could not prepare: " + e.getMessage());
        }
        Consumer<String> sink = session.options().verbose() ? line -> out.println("      " + line) : line -> {};
        RunReport report = new FunctionRunner(sink, sink).run(spec, baselineBytes, repeat);
        Expectations.Verdict verdict = Expectations.check(baselineEvent.event(), report, baselineEvent.unseededPath());
        Result result = new Result(
                Baseline.NAME,
                eventFileOf(Baseline.MEASURED),
                report,
                verdict.passed(),
                verdict.summary(),
                Baseline.HANDLER);
        printLine(result, repeat);
        return result;
    }

    private static Result baselineFailed(String summary) {
        return new Result(Baseline.NAME, null, null, false, summary, Baseline.HANDLER);
    }

    private String eventFileOf(String logicalId) {
        return session.project()
                .eventFile(logicalId)
                .map(session.project()::relative)
                .orElse(null);
    }

    /**
     * Metering through the runtime, end to end: the usage lines the subscribed functions printed so far (each
     * function's process was killed after its invocations, as Lambda ends an environment) are delivered to the
     * aggregator as its log subscription would, and {@code GET /v1/usage} of the seeded tenant then answers, for
     * its day, exactly the requests those lines count.
     */
    private Result usage(Seeds seeds) {
        String name = "usage (" + UsageDelivery.AGGREGATOR + ")";
        List<String> lines = usage.pending();
        if (seeds.tenantId == null || lines.isEmpty()) {
            return new Result(name, null, null, false, "no tenant was signed up, or no function printed usage", "-");
        }
        Consumer<String> sink = session.options().verbose() ? line -> out.println("      " + line) : line -> {};
        RunReport delivery;
        try {
            delivery = usage.deliver(session, sink);
        } catch (RuntimeException e) {
            return new Result(name, null, null, false, "could not deliver: " + e.getMessage(), "-");
        }
        if (!UsageDelivery.delivered(delivery)) {
            return new Result(name, null, delivery, false, "the delivery failed: " + delivery.failureSummary(), "-");
        }
        FunctionDefinition reader = session.template().function("GetUsageFunction");
        Result read = runOne(reader, 1, seeds, true);
        JsonNode body = firstResponseBody(read.report());
        if (!read.passed()
                || body == null
                || !body.path("days").isArray()
                || body.path("days").isEmpty()) {
            return new Result(name, null, read.report(), false, "GET /v1/usage did not answer: " + read.summary(), "-");
        }
        JsonNode day = body.path("days").get(body.path("days").size() - 1);
        long counted = day.path("requests").asLong();
        long printed =
                UsageDelivery.requests(lines, seeds.tenantId, day.path("date").asText());
        String summary =
                lines.size() + " usage lines delivered; " + day.path("date").asText() + ": " + printed
                        + " requests in the lines, " + counted + " counted by GET /v1/usage";
        return new Result(name, null, delivery, printed > 0 && printed == counted, summary, "-");
    }

    private void printLine(Result result, int repeat) {
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "%s  %-28s %-45s %s",
                result.passed() ? "PASS" : "FAIL",
                result.logicalId(),
                result.eventFile() == null ? "-" : result.eventFile(),
                result.summary()));
        RunReport report = result.report();
        if (report != null
                && report.initError() == null
                && !report.invocations().isEmpty()) {
            Stats stats = report.stats();
            line.append(String.format(
                    Locale.ROOT, "  init %.0f ms, first %.1f ms", report.initMillis(), stats.firstMillis()));
            if (repeat > 1 && stats.count() > 1) {
                line.append(String.format(
                        Locale.ROOT, ", warm p50 %.2f ms, p99 %.2f ms", stats.warmP50Millis(), stats.warmP99Millis()));
            }
            line.append(", peak RSS ").append(report.peakRssMegabytes()).append(" MB");
        }
        out.println(line);
        if (!result.passed() && report != null) {
            Invocation failure = report.firstFailure();
            if (report.initError() != null) {
                out.println("      init error: " + report.initError().text());
            } else if (failure != null) {
                out.println("      response: " + failure.payloadText());
            }
            if (!session.options().verbose()) {
                List<String> tail = report.logTail();
                out.println("      last log lines of " + result.logicalId() + " (handler " + result.handler() + "):");
                tail.subList(Math.max(0, tail.size() - 40), tail.size()).forEach(l -> out.println("      | " + l));
            }
        }
    }

    /** Sign-up, then creators, then the rest; routes that delete last, the tenant's own deletion very last. */
    static List<FunctionDefinition> ordered(Collection<FunctionDefinition> functions) {
        List<FunctionDefinition> ordered = new ArrayList<>(functions);
        ordered.sort(Comparator.comparingInt(FunctionSuite::rank)); // stable: template order within a rank
        return ordered;
    }

    private static int rank(FunctionDefinition function) {
        Optional<FunctionEvent.HttpApi> route = route(function);
        if (route.isEmpty()) {
            return 2;
        }
        String method = route.get().method();
        String path = route.get().path();
        if (method.equals(SIGN_UP_METHOD) && path.equals(SIGN_UP_PATH)) {
            return 0;
        }
        if (method.equals("POST") && !path.contains("{")) {
            return 1;
        }
        if (method.equals("DELETE")) {
            return path.contains("{") ? 3 : 4;
        }
        return 2;
    }

    static Optional<FunctionEvent.HttpApi> route(FunctionDefinition function) {
        return function.events(FunctionEvent.HttpApi.class).stream().findFirst();
    }

    /** After a function passed: the tenant it signed up, or what it created in a collection. */
    private static void remember(FunctionDefinition function, RunReport report, Seeds seeds) {
        Optional<FunctionEvent.HttpApi> route = route(function);
        if (route.isEmpty()
                || !route.get().method().equals("POST")
                || route.get().path().contains("{")) {
            return;
        }
        JsonNode body = firstResponseBody(report);
        if (body == null || !body.isObject()) {
            return;
        }
        if (route.get().path().equals(SIGN_UP_PATH)) {
            if (body.hasNonNull("id")) {
                seeds.tenantId = body.get("id").asText();
            }
        } else {
            seeds.created.put(route.get().path(), body);
        }
    }

    /** The JSON body of the first invocation's payload-2.0 response, or null. */
    static JsonNode firstResponseBody(RunReport report) {
        if (report == null || report.invocations().isEmpty()) {
            return null;
        }
        JsonNode response = Json.tryParse(report.invocations().getFirst().payload());
        if (response == null || !response.hasNonNull("body")) {
            return null;
        }
        return Json.tryParse(response.get("body").asText());
    }

    /** An event after seeding; {@code unseededPath}: its path names a resource nothing created. */
    record Seeded(JsonNode event, boolean changed, boolean unseededPath) {}

    /** Points the event at the seeded tenant and resources. {@code routePath}: its route in the template, or null. */
    static Seeded seed(JsonNode original, String routePath, Seeds seeds) {
        JsonNode event = original.deepCopy();
        boolean changed = false;
        JsonNode claims =
                event.path("requestContext").path("authorizer").path("jwt").path("claims");
        if (seeds.tenantId != null && claims instanceof ObjectNode object && object.has("tenant_id")) {
            object.put("tenant_id", seeds.tenantId);
            changed = true;
        }
        // A direct invocation naming a tenant (the operator's plan change) names the seeded one.
        if (seeds.tenantId != null
                && routePath == null
                && event instanceof ObjectNode direct
                && direct.path("tenantId").isTextual()) {
            direct.put("tenantId", seeds.tenantId);
            changed = true;
        }
        changed |= seedQueueMessages(event, seeds);
        boolean unseeded = false;
        JsonNode parameters = event.get("pathParameters");
        if (routePath != null && parameters instanceof ObjectNode params && !params.isEmpty()) {
            Matcher matcher = PATH_PARAMETER.matcher(routePath);
            while (matcher.find()) {
                String name = matcher.group(1);
                String collection = routePath.substring(0, Math.max(0, matcher.start() - 1));
                JsonNode created = seeds.created.get(collection);
                JsonNode value =
                        created == null ? null : created.hasNonNull(name) ? created.get(name) : created.get("id");
                if (value == null || !value.isValueNode() || !params.hasNonNull(name)) {
                    unseeded = true;
                    continue;
                }
                String old = params.get(name).asText();
                String now = value.asText();
                params.put(name, now);
                replaceIn((ObjectNode) event, "rawPath", old, now);
                if (event.path("requestContext").path("http") instanceof ObjectNode http) {
                    replaceIn(http, "path", old, now);
                }
                changed = true;
            }
        }
        return new Seeded(event, changed, unseeded);
    }

    /**
     * An SQS event's messages that name a created resource ({@code "invoiceId"} for what {@code POST /v1/invoices}
     * created) are pointed at it and at the seeded tenant, so that the worker does its work (the invoice worker renders
     * the invoice from its artifact) rather than finding nothing. A message naming no created resource (a tenant's
     * purge, a webhook event) is left as it is.
     */
    private static boolean seedQueueMessages(JsonNode event, Seeds seeds) {
        boolean changed = false;
        for (JsonNode record : event.path("Records")) {
            if (!"aws:sqs".equals(record.path("eventSource").asText())
                    || !(Json.tryParse(record.path("body").asText()) instanceof ObjectNode body)) {
                continue;
            }
            boolean named = false;
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode created = field.endsWith("Id")
                                && !field.equals("tenantId")
                                && body.get(field).isTextual()
                        ? createdFor(field.substring(0, field.length() - 2), seeds)
                        : null;
                JsonNode id =
                        created == null ? null : created.hasNonNull(field) ? created.get(field) : created.get("id");
                if (id != null && id.isValueNode()) {
                    body.put(field, id.asText());
                    named = true;
                }
            }
            if (!named) {
                continue;
            }
            if (seeds.tenantId != null && body.path("tenantId").isTextual()) {
                body.put("tenantId", seeds.tenantId);
            }
            ObjectNode message = (ObjectNode) record;
            message.put("body", body.toString());
            message.put("md5OfBody", md5Hex(body.toString()));
            changed = true;
        }
        return changed;
    }

    /** What a collection named after {@code noun} created ({@code invoice}: {@code /v1/invoices}), or null. */
    private static JsonNode createdFor(String noun, Seeds seeds) {
        for (Map.Entry<String, JsonNode> entry : seeds.created.entrySet()) {
            String collection = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
            if (!noun.isEmpty() && collection.startsWith(noun)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static void replaceIn(ObjectNode node, String field, String old, String now) {
        if (node.hasNonNull(field) && !old.isEmpty()) {
            node.put(field, node.get(field).asText().replace(old, now));
        }
    }
}
