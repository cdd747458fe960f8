package io.tenantry.local.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.local.backend.async.AsyncInvoker;
import io.tenantry.local.backend.async.BucketNotifications;
import io.tenantry.local.backend.async.Schedules;
import io.tenantry.local.backend.async.SqsPoller;
import io.tenantry.local.backend.async.StreamPoller;
import io.tenantry.local.backend.config.BucketCorsConfig;
import io.tenantry.local.backend.config.HttpApiConfig;
import io.tenantry.local.backend.config.TemplateParameters;
import io.tenantry.local.backend.http.ApiGateway;
import io.tenantry.local.backend.http.ApiReference;
import io.tenantry.local.backend.http.HttpReply;
import io.tenantry.local.backend.http.JwtAuthorizer;
import io.tenantry.local.backend.http.LambdaInvokeApi;
import io.tenantry.local.backend.http.LocalAdminApi;
import io.tenantry.local.backend.http.LocalApi;
import io.tenantry.local.backend.http.LocalFaultsApi;
import io.tenantry.local.backend.http.LocalIdentityProvider;
import io.tenantry.local.backend.http.LocalMailApi;
import io.tenantry.local.backend.http.LocalTokenIssuer;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.backend.metrics.LocalMetrics;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.BucketCors;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.Endpoints;
import io.tenantry.local.emulators.FunctionProperties;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.faults.FaultedAws;
import io.tenantry.local.function.Console;
import io.tenantry.local.function.EnvVarsFile;
import io.tenantry.local.function.FunctionConfig;
import io.tenantry.local.function.FunctionEnvironments;
import io.tenantry.local.function.Invocation;
import io.tenantry.local.function.Json;
import io.tenantry.local.function.LocalAws;
import io.tenantry.local.template.DynamoTableDefinition;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.shared.problem.NotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole backend of a SAM template in this JVM: the embedded AWS emulators with the template's tables, queues and
 * buckets; every function's handler on one shared Micronaut context (configured from the union of the functions'
 * environments); the HTTP API and the local identity provider on the API port; the Lambda Invoke API on the Lambda
 * port; a poller per SQS event source; S3 bucket notifications; and the schedules. {@link #close} stops it all.
 * This class wires; {@link BackendReport} says what was wired (it reads the fields that are not private).
 */
public final class LocalBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

    final BackendOptions options;
    private final Console console;
    private SamTemplate template;
    private HttpServer apiServer;
    private HttpServer lambdaServer;
    private EmbeddedAws aws;
    private FaultedAws faulted;
    private AwsClients clients;
    private LocalResources provisioned;
    private ApplicationContext context;
    private Map<String, LocalFunction> functions = Map.of();
    private FunctionEnvironments environments;
    HttpApiConfig api;
    private CompletableFuture<LocalIdentityProvider> identity;
    private volatile JwtAuthorizer authorizer;
    Schedules schedules;
    AsyncInvoker async;
    List<String> asyncProblems = List.of();
    List<SqsPoller> pollers = List.of();
    List<StreamPoller> streamPollers = List.of();
    List<String> streamProblems = List.of();
    BucketNotifications notifications;
    LocalMetrics metrics;
    private ExecutorService invocations;
    private Duration startupTime;
    private volatile boolean closed;
    private final BackendReport report;

    private LocalBackend(BackendOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.report = new BackendReport(console);
    }

    /** Starts everything; on failure, stops what had started and throws {@link StartException}. */
    public static LocalBackend start(BackendOptions options, Console console) {
        LocalBackend backend = new LocalBackend(options, console);
        try {
            backend.startAll();
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e instanceof StartException ? e : new StartException("The local backend did not start: " + e, e);
        }
    }

    /** A failure to start, with a message meant for the person who ran the command. */
    public static final class StartException extends RuntimeException {
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void startAll() {
        long started = System.nanoTime();
        metrics = LocalMetrics.start(console, Duration.ofMinutes(1));
        template = SamTemplate.load(options.template());
        EnvVarsFile envVars = options.envVars() == null ? EnvVarsFile.none() : EnvVarsFile.load(options.envVars());
        TemplateParameters parameters = TemplateParameters.resolve(template, options.parameterOverrides());
        apiServer = bind(options.apiPort(), "the HTTP API", "--port");
        lambdaServer = bind(options.lambdaPort(), "the Lambda Invoke API", "--lambda-port");
        invocations = Executors.newThreadPerTaskExecutor(metrics.invocationThreads(
                Thread.ofVirtual().name("invocation-", 0).factory()));

        report.phase("template and ports");
        // The context starts while the emulators do; its endpoint and function properties are added once known,
        // before any bean is made (beans are made on first use).
        CompletableFuture<ApplicationContext> contextStart = CompletableFuture.supplyAsync(
                () -> {
                    ApplicationContext built = ApplicationContext.builder()
                            .properties(Map.of("tenantry.jwt.verify", "false"))
                            .start();
                    loadSdkClasses();
                    return built;
                },
                runnable -> Thread.ofPlatform().name("context-start").start(runnable));
        try {
            BucketCors s3Cors = BucketCorsConfig.from(template, parameters.values());
            aws = quietStart(() -> EmbeddedAws.start(options.dataDir(), s3Cors));
        } finally {
            context = contextStart.join();
        }
        report.phase("emulators (and the context, alongside)");
        faulted = FaultedAws.around(aws);
        LocalAws local = new LocalAws(aws, template, parameters.values());
        clients = local.clients();
        provisioned = local.resources();
        Intrinsics intrinsics = local.intrinsics();
        report.phase("provisioning");
        environments = local.environments(envVars);
        Map<String, LocalFunction> built = new LinkedHashMap<>();
        for (FunctionDefinition definition : template.functions().values()) {
            built.put(
                    definition.logicalId(),
                    new LocalFunction(FunctionConfig.of(definition, environments), () -> context, invocations));
        }
        functions = Collections.unmodifiableMap(built);
        context.getEnvironment().addPropertySource(PropertySource.of("tenantry-local-functions", properties()));
        report.phase("functions' properties");

        identity = CompletableFuture.supplyAsync(this::identityProvider, invocations);
        api = HttpApiConfig.from(template, intrinsics);
        InvocationLog log = new InvocationLog(console);
        AsyncInvoker.Resolved asyncSettings = AsyncInvoker.resolve(template, intrinsics, provisioned);
        asyncProblems = asyncSettings.problems();
        async = new AsyncInvoker(
                asyncSettings.settings(),
                this::function,
                (queueUrl, body) ->
                        clients.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)),
                invocations,
                log,
                options.asyncRetryDelay());
        schedules = new Schedules(template, async);

        ApiGateway gateway = new ApiGateway(
                api,
                this::function,
                this::authorizer,
                metrics.api(LocalApi.firstOf(
                        new LocalAdminApi(identity::join, () -> report.endpoints(this), this::fireSchedule),
                        new LocalFaultsApi(faulted.faults()),
                        new LocalMailApi(aws.ses()),
                        new ApiReference(openApiDocument()))),
                log);
        apiServer.createContext("/", gateway);
        apiServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        lambdaServer.createContext("/", new LambdaInvokeApi(functions, async, log));
        lambdaServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());

        List<SqsPoller> running = new ArrayList<>();
        for (FunctionDefinition definition : template.functions().values()) {
            for (FunctionEvent.Sqs source : definition.events(FunctionEvent.Sqs.class)) {
                if (source.enabled()) {
                    running.add(new SqsPoller(
                                    function(definition.logicalId()),
                                    source,
                                    provisioned.queueUrl(source.queueLogicalId()),
                                    provisioned.arn(source.queueLogicalId()),
                                    clients.sqs(),
                                    log)
                            .start());
                }
            }
        }
        pollers = List.copyOf(running);
        startStreamPollers(intrinsics, log);
        notifications = new BucketNotifications(
                BucketNotifications.targets(template, provisioned), clients.sqs(), async, invocations);
        aws.onS3ObjectEvents(notifications);
        if (options.schedules()) {
            schedules.startTimers();
        }
        report.phase("wiring");
        apiServer.start();
        lambdaServer.start();
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        report.startup(this, parameters);
        if (options.warmHandlers()) {
            Thread.ofVirtual().name("warm-handlers").start(this::warmHandlers);
        }
    }

    /**
     * A poller per enabled {@code DynamoDB} event source. A mapping on a table without a {@code StreamSpecification}
     * is not started, and an {@code OnFailure} that is not a queue of the template is only logged; both are named in
     * {@link #streamProblems}.
     */
    private void startStreamPollers(Intrinsics intrinsics, InvocationLog log) {
        List<StreamPoller> running = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (FunctionDefinition definition : template.functions().values()) {
            for (FunctionEvent.DynamoDb source : definition.events(FunctionEvent.DynamoDb.class)) {
                if (!source.enabled()) {
                    continue;
                }
                String about = definition.logicalId() + " " + source.name();
                DynamoTableDefinition table = template.tables().get(source.tableLogicalId());
                if (table == null || table.streamViewType() == null) {
                    problems.add(about + ": " + source.tableLogicalId() + " is not a table of this template with a"
                            + " StreamSpecification; the mapping is not started");
                    continue;
                }
                running.add(new StreamPoller(
                                function(definition.logicalId()),
                                source,
                                provisioned.tableName(source.tableLogicalId()),
                                clients.dynamoDbStreams(),
                                AsyncInvoker.queue(
                                        about + " OnFailure", source.onFailure(), intrinsics, provisioned, problems),
                                clients.sqs(),
                                log)
                        .start());
            }
        }
        streamPollers = List.copyOf(running);
        streamProblems = List.copyOf(problems);
    }

    /** The project's OpenAPI document: {@code docs/openapi.yaml} beside the template (the repository's root). */
    private Path openApiDocument() {
        return options.template().toAbsolutePath().resolveSibling("docs").resolve("openapi.yaml");
    }

    /**
     * Builds and drops one client of each AWS service while the emulators start (no request is made): the SDK's
     * classes are then loaded by the time provisioning and the handlers need them.
     */
    private static void loadSdkClasses() {
        Endpoints nowhere = Endpoints.single(java.net.URI.create("http://127.0.0.1:9"));
        try (AwsClients warm = new AwsClients(nowhere, software.amazon.awssdk.regions.Region.US_EAST_1, "x", "y")) {
            warm.dynamoDb();
            warm.sqs();
            warm.s3();
            warm.secretsManager();
        } catch (RuntimeException e) {
            LOG.debug("Loading the SDK's classes early failed: {}", e.toString());
        }
    }

    /** Runs {@code start} with standard output muted: DynamoDB Local prints its configuration there when it starts. */
    private static <T> T quietStart(java.util.function.Supplier<T> start) {
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return start.get();
        } finally {
            System.setOut(original);
        }
    }

    private HttpServer bind(int port, String what, String option) {
        try {
            return HttpServer.create(new InetSocketAddress(options.host(), port), 64);
        } catch (BindException e) {
            throw new StartException(
                    "Port " + port + " (" + what + ") is already in use on " + options.host() + ". Stop what uses it,"
                            + " or choose another port: ./tenantry start " + option + " <port>",
                    e);
        } catch (IOException e) {
            throw new StartException("Cannot listen on " + options.host() + ":" + port + " (" + what + "): " + e, e);
        }
    }

    /**
     * The one context's properties: every function's variables (their union; see {@link FunctionEnvironments}), the
     * emulators' endpoints (the local Secrets Manager's among them, holding the template's cursor secret), region and
     * credentials, and token verification off: the gateway verifies tokens, as API Gateway does in the cloud.
     */
    private Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>(FunctionProperties.of(environments.union(), faulted));
        properties.put("tenantry.jwt.verify", "false");
        // Webhooks locally: receivers on this machine (loopback only; private and link-local stay refused), and the
        // retry schedule compressed tenfold, so the first three attempts fall within 30 seconds (docs/webhooks.md).
        properties.put("tenantry.webhooks.allow.loopback", "true");
        properties.put("tenantry.webhooks.retry.scale", "0.1");
        // Lambda sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE per function; one context can hold one value: the most common.
        properties.put("aws.lambda.function.memory.size", String.valueOf(commonMemorySize()));
        return properties;
    }

    private int commonMemorySize() {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        functions.values().forEach(f -> counts.merge(f.memoryMb(), 1, Integer::sum));
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(1024);
    }

    private LocalIdentityProvider identityProvider() {
        LocalTokenIssuer tokens = new LocalTokenIssuer(
                context.getBean(ClaimsService.class),
                LocalIdentityProvider.ISSUER,
                LocalIdentityProvider.AUDIENCE,
                Clock.systemUTC());
        LocalIdentityProvider provider = new LocalIdentityProvider(
                tokens, "http://" + publicHost() + ":" + apiServer.getAddress().getPort());
        authorizer = new JwtAuthorizer(provider.issuer(), provider.audience(), trustedJwks(provider.jwksJson()));
        return provider;
    }

    private String trustedJwks(String own) {
        if (options.trustedJwks() == null) {
            return own;
        }
        try {
            List<JWK> keys = new ArrayList<>(JWKSet.parse(own).getKeys());
            keys.addAll(JWKSet.parse(options.trustedJwks()).getKeys());
            return new JWKSet(keys).toString();
        } catch (ParseException e) {
            throw new IllegalArgumentException("The trusted JWK set is not a JWK set", e);
        }
    }

    private JwtAuthorizer authorizer() {
        identity.join();
        return authorizer;
    }

    private LocalFunction function(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalStateException("No function " + logicalId + " in " + template.source());
        }
        return function;
    }

    private HttpReply fireSchedule(String functionLogicalId, String eventName) {
        if (!functions.containsKey(functionLogicalId)) {
            throw new NotFoundException("No function " + functionLogicalId + " in the template.");
        }
        Schedules.Schedule schedule = schedules
                .find(functionLogicalId, eventName)
                .orElseThrow(() -> new NotFoundException(functionLogicalId + " has no "
                        + (eventName == null ? "Schedule or ScheduleV2 event" : "schedule event " + eventName) + "."));
        Invocation invocation =
                schedules.fire(schedule, "POST /local/schedules").first();
        ObjectNode answer = Json.object();
        answer.put("function", functionLogicalId);
        answer.put("event", schedule.event().name());
        answer.put("requestId", invocation.requestId());
        answer.put("status", invocation.outcome());
        answer.put("durationMs", invocation.millis());
        try {
            answer.set(invocation.failed() ? "error" : "result", Json.parse(invocation.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            answer.put(invocation.failed() ? "error" : "result", invocation.payloadText());
        }
        return HttpReply.json(200, answer);
    }

    private void warmHandlers() {
        long started = System.nanoTime();
        for (LocalFunction function : functions.values()) {
            if (closed) {
                return;
            }
            if (function.problem().isEmpty()) {
                try {
                    function.warm();
                } catch (RuntimeException e) {
                    LOG.warn("Building {} failed: {}", function.logicalId(), e.toString());
                }
            }
        }
        LOG.debug("Handlers built in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private String publicHost() {
        String host = options.host();
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    public String apiUrl() {
        return "http://" + publicHost() + ":" + apiServer.getAddress().getPort();
    }

    public String lambdaUrl() {
        return "http://" + publicHost() + ":" + lambdaServer.getAddress().getPort();
    }

    public Duration startupTime() {
        return startupTime;
    }

    public Map<String, LocalFunction> functions() {
        return functions;
    }

    public LocalResources resources() {
        return provisioned;
    }

    public EmbeddedAws aws() {
        return aws;
    }

    /** The faults the functions' DynamoDB, SQS and S3 calls meet ({@code /local/faults}). */
    public io.tenantry.local.faults.Faults faults() {
        return faulted.faults();
    }

    public AwsClients clients() {
        return clients;
    }

    public ApplicationContext context() {
        return context;
    }

    public SamTemplate template() {
        return template;
    }

    public FunctionEnvironments environments() {
        return environments;
    }

    /** What the functions emitted ({@code GET /local/metrics}). */
    public LocalMetrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        if (apiServer != null) {
            apiServer.stop(0);
        }
        if (lambdaServer != null) {
            lambdaServer.stop(0);
        }
        if (schedules != null) {
            schedules.close();
        }
        pollers.forEach(SqsPoller::stop);
        streamPollers.forEach(StreamPoller::stop);
        pollers.forEach(SqsPoller::close);
        streamPollers.forEach(StreamPoller::close);
        if (aws != null) {
            aws.onS3ObjectEvents(null);
        }
        if (invocations != null) {
            invocations.shutdownNow();
            try {
                invocations.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.debug("Servers, pollers and invocations stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        quietly(() -> {
            if (context != null && context.isRunning()) {
                context.close();
            }
        });
        quietly(() -> {
            if (clients != null) {
                clients.close();
            }
        });
        quietly(() -> {
            if (faulted != null) {
                faulted.close();
            }
            if (aws != null) {
                aws.close();
            }
        });
        if (metrics != null) {
            metrics.close();
        }
        LOG.debug("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the local backend: {}", e.toString());
        }
    }
}
