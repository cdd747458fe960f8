package io.tenantry.local.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.tenantry.identity.service.ClaimsService;
import io.tenantry.identity.service.LocalTokenIssuer;
import io.tenantry.local.backend.async.BucketNotifications;
import io.tenantry.local.backend.async.Schedules;
import io.tenantry.local.backend.async.SqsPoller;
import io.tenantry.local.backend.config.EnvVarsFile;
import io.tenantry.local.backend.config.FunctionEnvironments;
import io.tenantry.local.backend.config.HttpApiConfig;
import io.tenantry.local.backend.config.TemplateParameters;
import io.tenantry.local.backend.http.ApiGateway;
import io.tenantry.local.backend.http.HttpReply;
import io.tenantry.local.backend.http.JwtAuthorizer;
import io.tenantry.local.backend.http.LambdaInvokeApi;
import io.tenantry.local.backend.http.LocalAdminApi;
import io.tenantry.local.backend.http.LocalIdentityProvider;
import io.tenantry.local.backend.http.RouteTable;
import io.tenantry.local.backend.lambda.Invocation;
import io.tenantry.local.backend.lambda.LocalFunction;
import io.tenantry.local.emulators.AwsClients;
import io.tenantry.local.emulators.EmbeddedAws;
import io.tenantry.local.emulators.FunctionProperties;
import io.tenantry.local.emulators.LocalResources;
import io.tenantry.local.emulators.ProvisionedResource;
import io.tenantry.local.emulators.ResourceProvisioner;
import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.shared.problem.NotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
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
 */
public final class LocalBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final String LOCAL_CURSOR_SECRET = "tenantry-local-cursor-secret";

    private final BackendOptions options;
    private final Console console;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private SamTemplate template;
    private HttpServer apiServer;
    private HttpServer lambdaServer;
    private EmbeddedAws aws;
    private AwsClients clients;
    private LocalResources provisioned;
    private ApplicationContext context;
    private Map<String, LocalFunction> functions = Map.of();
    private FunctionEnvironments environments;
    private HttpApiConfig api;
    private ApiGateway gateway;
    private CompletableFuture<LocalIdentityProvider> identity;
    private volatile JwtAuthorizer authorizer;
    private Schedules schedules;
    private List<SqsPoller> pollers = List.of();
    private BucketNotifications notifications;
    private ExecutorService invocations;
    private Duration startupTime;
    private volatile boolean closed;

    private LocalBackend(BackendOptions options, Console console) {
        this.options = options;
        this.console = console;
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
        template = SamTemplate.load(options.template());
        EnvVarsFile envVars = options.envVars() == null ? EnvVarsFile.none() : EnvVarsFile.load(options.envVars());
        TemplateParameters parameters = TemplateParameters.resolve(template, options.parameterOverrides());
        apiServer = bind(options.apiPort(), "the HTTP API", "--port");
        lambdaServer = bind(options.lambdaPort(), "the Lambda Invoke API", "--lambda-port");
        invocations = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("invocation-", 0).factory());

        aws = EmbeddedAws.start(options.dataDir());
        clients = AwsClients.of(aws);
        provisioned = new ResourceProvisioner(clients).provision(template);
        Intrinsics intrinsics = new Intrinsics(template, provisioned, parameters.values());
        environments = FunctionEnvironments.resolve(template, intrinsics, envVars);
        context = ApplicationContext.builder().properties(properties()).start();

        Map<String, LocalFunction> built = new LinkedHashMap<>();
        for (FunctionDefinition definition : template.functions().values()) {
            built.put(definition.logicalId(), new LocalFunction(definition, () -> context, invocations));
        }
        functions = Collections.unmodifiableMap(built);
        identity = CompletableFuture.supplyAsync(this::identityProvider, invocations);
        api = HttpApiConfig.from(template, intrinsics);
        schedules = new Schedules(template, this::function, new InvocationLog(console));

        InvocationLog log = new InvocationLog(console);
        gateway = new ApiGateway(
                api,
                this::function,
                this::authorizer,
                new LocalAdminApi(identity::join, this::endpointsJson, this::fireSchedule),
                log);
        apiServer.createContext("/", gateway);
        apiServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        lambdaServer.createContext("/", new LambdaInvokeApi(functions, invocations, log));
        lambdaServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());

        List<SqsPoller> started = new ArrayList<>();
        for (FunctionDefinition definition : template.functions().values()) {
            for (FunctionEvent.Sqs source : definition.events(FunctionEvent.Sqs.class)) {
                if (source.enabled()) {
                    started.add(new SqsPoller(
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
        pollers = List.copyOf(started);
        notifications = new BucketNotifications(
                BucketNotifications.targets(template, provisioned), clients.sqs(), this::function, invocations, log);
        aws.onS3ObjectEvents(notifications);
        if (options.schedules()) {
            schedules.startTimers();
        }
        identity.join();
        apiServer.start();
        lambdaServer.start();
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        report(parameters, envVars);
        if (options.warmHandlers()) {
            Thread.ofVirtual().name("warm-handlers").start(this::warmHandlers);
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
     * emulators' endpoints, region and credentials, a local cursor secret when the template gives none, and token
     * verification off: the gateway verifies tokens, as API Gateway does in the cloud.
     */
    private Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>(FunctionProperties.of(environments.union(), aws));
        Object secret = properties.get("tenantry.cursor.secret");
        if (secret == null || secret.toString().isBlank()) {
            properties.put("tenantry.cursor.secret", LOCAL_CURSOR_SECRET);
        }
        properties.put("tenantry.jwt.verify", "false");
        return properties;
    }

    private LocalIdentityProvider identityProvider() {
        String issuer = "http://" + publicHost() + ":" + apiServer.getAddress().getPort() + LocalIdentityProvider.PATH;
        LocalTokenIssuer tokens = new LocalTokenIssuer(
                context.getBean(ClaimsService.class), issuer, LocalIdentityProvider.AUDIENCE, Clock.systemUTC());
        LocalIdentityProvider provider = new LocalIdentityProvider(tokens);
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
        Invocation invocation = schedules.fire(schedule, "POST /local/schedules");
        ObjectNode answer = Json.object();
        answer.put("function", functionLogicalId);
        answer.put("event", schedule.event().name());
        answer.put("requestId", invocation.requestId());
        answer.put("status", invocation.status());
        answer.put("durationMs", invocation.durationMillis());
        try {
            answer.set(invocation.failed() ? "error" : "result", Json.parse(invocation.payload()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            answer.put(invocation.failed() ? "error" : "result", invocation.payloadText());
        }
        return HttpReply.json(200, answer);
    }

    /** What {@code GET /local/endpoints} answers. */
    private ObjectNode endpointsJson() {
        ObjectNode answer = Json.object();
        answer.put("dynamodb", aws.endpoints().dynamodb().toString());
        answer.put("sqs", aws.endpoints().sqs().toString());
        answer.put("s3", aws.endpoints().s3().toString());
        answer.put("region", aws.region().id());
        ObjectNode credentials = answer.putObject("credentials");
        credentials.put("accessKeyId", aws.accessKeyId());
        credentials.put("secretAccessKey", aws.secretAccessKey());
        answer.put("api", apiUrl());
        answer.put("lambda", lambdaUrl());
        ObjectNode resources = answer.putObject("resources");
        for (ProvisionedResource resource : provisioned.all().values()) {
            if (!resource.type().equals(TemplateResource.FUNCTION)) {
                resources.put(resource.logicalId(), resource.ref());
            }
        }
        return answer;
    }

    private void report(TemplateParameters parameters, EnvVarsFile envVars) {
        for (String note : api.notes()) {
            console.warn(note);
        }
        for (FunctionEnvironments.Conflict conflict : environments.conflicts()) {
            console.warn(conflict.describe());
        }
        if (!environments.ignoredOverrides().isEmpty()) {
            Map<String, List<String>> byVariable = new LinkedHashMap<>();
            environments.ignoredOverrides().forEach(o -> byVariable
                    .computeIfAbsent(o.variable(), v -> new ArrayList<>())
                    .add(o.function()));
            byVariable.forEach((variable, fns) -> console.info("  --env-vars " + variable + ": not declared in the"
                    + " template for " + (fns.size() == functions.size() ? "any function" : String.join(", ", fns))
                    + "; ignored, as sam local does"));
        }
        if (!parameters.placeholders().isEmpty()) {
            console.info("  parameters without a default: " + String.join(", ", parameters.placeholders()));
        }
        for (LocalFunction function : functions.values()) {
            function.problem().ifPresent(console::warn);
            if (function.handler().endsWith("::handleRequest")) {
                console.warn(function.logicalId() + ": Handler " + function.handler() + " names ::handleRequest; AWS's"
                        + " runtime fails every invocation of a MicronautRequestHandler named so (name the class only)");
            }
        }
        console.info("Tenantry local backend, from " + template.source() + " (" + functions.size() + " functions)");
        for (RouteTable.Route route : gateway.routes().routes()) {
            console.info(String.format(
                    "  %-7s %s%-32s -> %s%s",
                    route.method(),
                    apiUrl(),
                    route.definition().path(),
                    route.functionLogicalId(),
                    route.definition().authorizer() == null ? "  (public)" : ""));
        }
        console.info("  POST    " + apiUrl() + "/local/auth/token      (local identity provider)");
        console.info("  GET     " + apiUrl() + "/local/endpoints       (embedded AWS: " + aws.description() + ")");
        for (SqsPoller poller : pollers) {
            console.info("  queue   " + poller.description());
        }
        for (BucketNotifications.Target target : notifications.targets()) {
            console.info("  bucket  " + target.description());
        }
        for (Schedules.Schedule schedule : schedules.all()) {
            console.info("  schedule " + schedule.description() + (options.schedules() ? "" : "  (fire: POST "
                    + apiUrl() + "/local/schedules/" + schedule.functionLogicalId() + ")"));
        }
        if (options.dataDir() != null) {
            console.info("  data in " + options.dataDir().toAbsolutePath()
                    + " (DynamoDB and S3; queues are in memory)");
        }
        console.info("Tenantry local backend ready: " + apiUrl() + " (API), " + lambdaUrl() + " (Lambda) in "
                + startupTime.toMillis() + " ms");
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

    public int apiPort() {
        return apiServer.getAddress().getPort();
    }

    public int lambdaPort() {
        return lambdaServer.getAddress().getPort();
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (apiServer != null) {
            apiServer.stop(0);
        }
        if (lambdaServer != null) {
            lambdaServer.stop(0);
        }
        if (schedules != null) {
            schedules.close();
        }
        pollers.forEach(SqsPoller::close);
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
            if (aws != null) {
                aws.close();
            }
        });
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the local backend: {}", e.toString());
        }
    }
}
