package io.tenantry.local.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.backend.async.AsyncInvoker;
import io.tenantry.local.backend.async.BucketNotifications;
import io.tenantry.local.backend.async.Schedules;
import io.tenantry.local.backend.async.SqsPoller;
import io.tenantry.local.backend.async.StreamPoller;
import io.tenantry.local.backend.config.HttpApiConfig;
import io.tenantry.local.backend.config.TemplateParameters;
import io.tenantry.local.backend.http.ApiReference;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.backend.metrics.LocalMetrics;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.ProvisionedResource;
import io.tenantry.local.function.Console;
import io.tenantry.local.function.FunctionEnvironments;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the running backend tells about itself, once {@link LocalBackend} has wired everything. On the console, at
 * start: the template's problems as warnings (notes on the HTTP API, schedules and asynchronous settings that cannot
 * be honoured, variables the functions disagree on, ignored {@code --env-vars}, handlers that will not load), then
 * every route, queue, bucket and schedule with its URL, the ready line, and how long each start-up phase took. On
 * {@code GET /local/endpoints}: where the embedded AWS services answer and the physical names of the resources.
 */
final class BackendReport {
    private final Console console;
    private final List<String> phases = new ArrayList<>();
    private long phaseStart = System.nanoTime();

    BackendReport(Console console) {
        this.console = console;
    }

    /** Ends a start-up phase: its name and duration go in the report's last line. */
    void phase(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + (now - phaseStart) / 1_000_000 + " ms");
        phaseStart = now;
    }

    void startup(LocalBackend backend, TemplateParameters parameters) {
        warnings(backend, parameters);
        BackendOptions options = backend.options;
        String apiUrl = backend.apiUrl();
        console.info("Tenantry local backend, from " + backend.template().source() + " ("
                + backend.functions().size() + " functions)");
        for (HttpApiConfig.RouteDefinition route : backend.api.routes()) {
            console.info(String.format(
                    "  %-7s %s%-28s -> %s%s",
                    route.method(),
                    apiUrl,
                    route.path(),
                    route.functionLogicalId(),
                    route.authorizer() == null ? "  (public)" : ""));
        }
        console.info("  POST    " + apiUrl + "/local/auth/token      (local identity provider)");
        console.info("  GET     " + apiUrl + "/local/endpoints       (embedded AWS: "
                + backend.aws().description() + ")");
        console.info("  POST    " + apiUrl + "/local/faults          (fail the functions' AWS calls)");
        console.info("  GET     " + apiUrl + LocalMetrics.PATH + "         (the functions' metrics, summed)");
        console.info("  GET     " + apiUrl + "/local/mail            (the emails the functions sent, kept)");
        console.info("  GET     " + apiUrl + "/docs                  (the API reference: docs/openapi.yaml, also at "
                + ApiReference.DOCUMENT + ")");
        for (SqsPoller poller : backend.pollers) {
            console.info("  queue   " + poller.description());
        }
        for (StreamPoller poller : backend.streamPollers) {
            console.info("  stream  " + poller.description());
        }
        for (BucketNotifications.Target target : backend.notifications.targets()) {
            console.info("  bucket  " + target.description());
        }
        for (Schedules.Schedule schedule : backend.schedules.all()) {
            console.info("  schedule " + schedule.description()
                    + (options.schedules()
                            ? ""
                            : "  (fire: POST " + apiUrl + "/local/schedules/" + schedule.functionLogicalId() + ")"));
        }
        backend.async.allSettings().forEach((function, settings) -> {
            if (!settings.equals(AsyncInvoker.Settings.DEFAULT)) {
                console.info("  async   " + function + ": " + settings.description());
            }
        });
        if (options.dataDir() != null) {
            console.info(
                    "  data in " + options.dataDir().toAbsolutePath() + " (DynamoDB and S3; queues are in memory)");
        }
        console.info("Tenantry local backend ready: " + apiUrl + " (API), " + backend.lambdaUrl() + " (Lambda) in "
                + backend.startupTime().toMillis() + " ms");
        console.info("  startup: " + String.join(", ", phases));
    }

    private void warnings(LocalBackend backend, TemplateParameters parameters) {
        backend.api.notes().forEach(console::warn);
        backend.schedules.problems().forEach(console::warn);
        backend.asyncProblems.forEach(console::warn);
        backend.streamProblems.forEach(console::warn);
        FunctionEnvironments environments = backend.environments();
        for (FunctionEnvironments.Conflict conflict : environments.conflicts()) {
            console.warn(conflict.describe());
        }
        Map<String, List<String>> ignoredByVariable = new LinkedHashMap<>();
        environments
                .ignoredOverrides()
                .forEach(o -> ignoredByVariable
                        .computeIfAbsent(o.variable(), v -> new ArrayList<>())
                        .add(o.function()));
        int functions = backend.functions().size();
        ignoredByVariable.forEach((variable, fns) -> console.info("  --env-vars " + variable + ": not declared in the"
                + " template for " + (fns.size() == functions ? "any function" : String.join(", ", fns))
                + "; ignored, as sam local does"));
        if (!parameters.placeholders().isEmpty()) {
            console.info("  parameters without a default: " + String.join(", ", parameters.placeholders()));
        }
        for (LocalFunction function : backend.functions().values()) {
            function.problem().ifPresent(console::warn);
            if (function.handler().endsWith("::handleRequest") && !function.readsItsOwnJson()) {
                console.warn(function.logicalId() + ": Handler " + function.handler() + " names ::handleRequest; AWS's"
                        + " runtime fails every invocation of a typed RequestHandler named so, unless it is also a"
                        + " RequestStreamHandler (name the class only)");
            }
        }
    }

    /** What {@code GET /local/endpoints} answers. */
    ObjectNode endpoints(LocalBackend backend) {
        EmbeddedAws aws = backend.aws();
        ObjectNode answer = Json.object();
        answer.put("dynamodb", aws.endpoints().dynamodb().toString());
        answer.put("sqs", aws.endpoints().sqs().toString());
        answer.put("s3", aws.endpoints().s3().toString());
        answer.put("sts", aws.endpoints().sts().toString());
        answer.put("secretsmanager", aws.endpoints().secretsmanager().toString());
        answer.put("ses", aws.endpoints().ses().toString());
        answer.put("region", aws.region().id());
        ObjectNode credentials = answer.putObject("credentials");
        credentials.put("accessKeyId", aws.accessKeyId());
        credentials.put("secretAccessKey", aws.secretAccessKey());
        answer.put("api", backend.apiUrl());
        answer.put("lambda", backend.lambdaUrl());
        ObjectNode resources = answer.putObject("resources");
        for (ProvisionedResource resource : backend.resources().all().values()) {
            if (!resource.type().equals(TemplateResource.FUNCTION)) {
                resources.put(resource.logicalId(), resource.ref());
            }
        }
        return answer;
    }
}
