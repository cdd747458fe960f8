package io.tenantry.local.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every function of the template, each with its {@code events/**}{@code /<LogicalId>.json}, run as {@code invoke}
 * runs one, against one set of AWS services, and checked against {@link Expectations}.
 *
 * <p>The events' claims name a tenant (and a user) the empty database does not hold. So the sign-up function (the
 * one routed {@code POST /v1/tenants}) runs first, with its own event, and the tenant it creates stands for the
 * events' {@code tenant_id} claim in every later event: the other tenant routes are then held to a 2xx, through the
 * public API path, rather than excused with a 404.
 */
final class FunctionSuite {
    static final String SIGN_UP_METHOD = "POST";
    static final String SIGN_UP_PATH = "/v1/tenants";

    private final Session session;
    private final PrintStream err;

    FunctionSuite(Session session, PrintStream err) {
        this.session = session;
        this.err = err;
    }

    /** One function's run and verdict; {@code report} is null when it could not run. */
    record Result(
            String logicalId, String eventFile, RunReport report, boolean passed, String summary, String handler) {}

    List<Result> run(int repeat) {
        List<FunctionDefinition> functions =
                ordered(session.template().functions().values());
        err.println("Running " + functions.size() + " functions of "
                + session.project().relative(session.project().template())
                + (repeat > 1 ? ", " + repeat + " invocations each" : "") + ", on "
                + session.aws().backend().description());
        List<Result> results = new ArrayList<>();
        String seededTenant = null;
        for (FunctionDefinition function : functions) {
            Result result = runOne(function, repeat, seededTenant);
            results.add(result);
            printLine(result, repeat);
            if (isSignUp(function) && result.passed()) {
                seededTenant = createdTenant(result.report()).orElse(null);
                if (seededTenant != null) {
                    err.println("      tenant " + seededTenant + " created: it stands for the events' tenant_id claim"
                            + " from here on");
                }
            }
        }
        long passed = results.stream().filter(Result::passed).count();
        err.println("invoke: " + passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    private Result runOne(FunctionDefinition function, int repeat, String seededTenant) {
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
        JsonNode event;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(eventFile.get());
        } catch (IOException e) {
            return new Result(id, file, null, false, "cannot read " + file + ": " + e.getMessage(), function.handler());
        }
        event = Json.parse(bytes);
        if (event == null) {
            return new Result(id, file, null, false, file + " is not JSON", function.handler());
        }
        if (seededTenant != null) {
            bytes = withTenant(event, seededTenant).orElse(bytes);
        }
        FunctionSpec spec;
        try {
            spec = session.prepare(id);
        } catch (RuntimeException e) {
            return new Result(
                    id, file, null, false, "could not build or prepare: " + e.getMessage(), function.handler());
        }
        boolean verbose = session.options().verbose();
        Consumer<String> sink = verbose ? line -> err.println("      " + line) : line -> {};
        RunReport report = new FunctionRunner(sink, sink).run(spec, bytes, repeat);
        Expectations.Verdict verdict = Expectations.check(event, report);
        return new Result(id, file, report, verdict.passed(), verdict.summary(), function.handler());
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
        err.println(line);
        if (!result.passed() && report != null) {
            InvocationResult failure = report.firstFailure();
            if (report.initError() != null) {
                err.println("      init error: " + report.initError().text());
            } else if (failure != null) {
                err.println("      response: " + failure.payloadText());
            }
            if (!session.options().verbose()) {
                List<String> tail = report.logTail();
                err.println("      last log lines of " + result.logicalId() + " (handler " + result.handler() + "):");
                tail.subList(Math.max(0, tail.size() - 40), tail.size()).forEach(l -> err.println("      | " + l));
            }
        }
    }

    /** The sign-up function(s) first, then the others in template order. */
    static List<FunctionDefinition> ordered(java.util.Collection<FunctionDefinition> functions) {
        List<FunctionDefinition> ordered = new ArrayList<>();
        functions.stream().filter(FunctionSuite::isSignUp).forEach(ordered::add);
        functions.stream().filter(f -> !isSignUp(f)).forEach(ordered::add);
        return ordered;
    }

    static boolean isSignUp(FunctionDefinition function) {
        return function.events(FunctionEvent.HttpApi.class).stream()
                .anyMatch(e -> e.method().equals(SIGN_UP_METHOD) && e.path().equals(SIGN_UP_PATH));
    }

    /** The {@code id} of the tenant the sign-up's first response created. */
    static Optional<String> createdTenant(RunReport report) {
        if (report == null || report.invocations().isEmpty()) {
            return Optional.empty();
        }
        JsonNode response = Json.parse(report.invocations().getFirst().payload());
        if (response == null || !response.hasNonNull("body")) {
            return Optional.empty();
        }
        JsonNode body = Json.parse(response.get("body").asText());
        return body != null && body.hasNonNull("id")
                ? Optional.of(body.get("id").asText())
                : Optional.empty();
    }

    /** The event with its {@code requestContext.authorizer.jwt.claims.tenant_id} replaced; empty when it has none. */
    static Optional<byte[]> withTenant(JsonNode event, String tenantId) {
        JsonNode claims =
                event.path("requestContext").path("authorizer").path("jwt").path("claims");
        if (!(claims instanceof ObjectNode) || !claims.has("tenant_id")) {
            return Optional.empty();
        }
        JsonNode copy = event.deepCopy();
        ((ObjectNode) copy.path("requestContext").path("authorizer").path("jwt").path("claims"))
                .put("tenant_id", tenantId);
        return Optional.of(copy.toString().getBytes(StandardCharsets.UTF_8));
    }
}
