package io.tenantry.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantry.local.iam.Decision;
import io.tenantry.local.iam.PolicyException;
import io.tenantry.local.iam.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The DynamoDB endpoint every client uses: a loopback HTTP front to DynamoDB Local that authorizes each call made with
 * credentials {@link LocalSts} issued against the session's policies ({@link DynamoDbAuthorizations}), answering a
 * refusal as DynamoDB does ({@code 400 AccessDeniedException}) and forwarding everything else byte for byte. Calls
 * with other credentials (the functions' own, not modelled yet) pass through.
 *
 * <p>Signatures are not verified: DynamoDB Local ignores them, and the front knows a session by its access key id and
 * session token alone.
 */
final class DynamoDbFront implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DynamoDbFront.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String JSON_1_0 = "application/x-amz-json-1.0";
    /** Headers the JDK's HTTP client sets itself and refuses to be given. */
    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");

    private static final Set<String> SCHEMA_CHANGES = Set.of("CreateTable", "DeleteTable", "UpdateTable");

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final URI backend;
    private final URI endpoint;
    private final LocalSts sts;
    private final DynamoDbClient describer;
    private final Map<String, TableKeys> tableKeys = new ConcurrentHashMap<>();
    private final DynamoDbAuthorizations authorizations = new DynamoDbAuthorizations(this::partitionKey);

    /** A table's partition key attribute, and each index's. */
    private record TableKeys(String partitionKey, Map<String, String> indexPartitionKeys) {}

    private DynamoDbFront(
            HttpServer server, ExecutorService executor, URI backend, LocalSts sts, DynamoDbClient describer) {
        this.server = server;
        this.executor = executor;
        this.http = HttpClient.newBuilder()
                // The hop to DynamoDB Local behind it is internal: never through a JVM-wide proxy (one that
                // records or faults the functions' calls would see each call twice).
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
        this.backend = backend;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.sts = sts;
        this.describer = describer;
    }

    /**
     * Starts the front to DynamoDB Local at {@code backend}; key schemas are read from it with the base credentials
     * {@code accessKeyId}/{@code secretAccessKey}.
     */
    static DynamoDbFront start(URI backend, LocalSts sts, String accessKeyId, String secretAccessKey)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        DynamoDbClient describer = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .endpointOverride(backend)
                .build();
        DynamoDbFront front = new DynamoDbFront(server, executor, backend, sts, describer);
        server.createContext("/", front::handle);
        server.start();
        return front;
    }

    URI endpoint() {
        return endpoint;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length())
                    : null;
            String accessKeyId =
                    LocalSts.accessKeyId(exchange.getRequestHeaders().getFirst("Authorization"));
            if (LocalSts.isSessionKey(accessKeyId)) {
                Optional<String> refusal = refusal(exchange, accessKeyId, operation, body);
                if (refusal.isPresent()) {
                    send(exchange, 400, refusal.get());
                    return;
                }
            } else if (operation != null && SCHEMA_CHANGES.contains(operation)) {
                forgetSchema(body);
            }
            forward(exchange, body);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "The DynamoDB front failed on a request", e);
            throw e;
        }
    }

    /** Why DynamoDB would refuse a session's call, as its JSON error body; empty when IAM allows it. */
    private Optional<String> refusal(HttpExchange exchange, String accessKeyId, String operation, byte[] body) {
        Optional<StsSession> found = sts.session(accessKeyId);
        String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
        if (found.isEmpty() || !found.get().sessionToken().equals(token)) {
            return Optional.of(
                    error("UnrecognizedClientException", "The security token included in the request is invalid."));
        }
        StsSession session = found.get();
        if (session.isExpired(Instant.now())) {
            return Optional.of(error("ExpiredTokenException", "The security token included in the request is expired"));
        }
        if (operation == null) {
            return Optional.of(accessDenied(session.deniedMessage(
                    "dynamodb:*", "*", "because the local IAM emulation cannot read the request's operation")));
        }
        try {
            JsonNode request = JSON.readTree(body);
            List<RequestContext> requests =
                    authorizations.read(operation, request == null ? JSON.createObjectNode() : request);
            Decision decision = session.authorize(requests);
            if (decision.allowed()) {
                return Optional.empty();
            }
            LOG.log(Level.DEBUG, "Refused {0}: {1}", session, decision);
            return Optional.of(accessDenied(session.deniedMessage(decision)));
        } catch (DynamoDbAuthorizations.Unreadable e) {
            return Optional.of(accessDenied(session.deniedMessage(e.action(), e.resource(), e.getMessage())));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(accessDenied(session.deniedMessage(
                    "dynamodb:" + operation, "*", "because the local IAM emulation cannot read the request")));
        } catch (PolicyException e) {
            // The evaluator cannot decide: fail loudly rather than guess.
            LOG.log(Level.ERROR, "The local IAM emulation cannot decide " + operation + " for " + session, e);
            return Optional.of(
                    error("InternalServerError", "The local IAM emulation cannot decide: " + e.getMessage()));
        }
    }

    private Optional<String> partitionKey(String tableName, String indexName) {
        TableKeys keys = tableKeys.get(tableName);
        if (keys == null) {
            try {
                keys = describe(
                        describer.describeTable(r -> r.tableName(tableName)).table());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
            tableKeys.put(tableName, keys);
        }
        return Optional.ofNullable(
                indexName == null
                        ? keys.partitionKey()
                        : keys.indexPartitionKeys().get(indexName));
    }

    private static TableKeys describe(TableDescription table) {
        Map<String, String> indexes = new java.util.HashMap<>();
        table.globalSecondaryIndexes().forEach(index -> indexes.put(index.indexName(), hashKey(index.keySchema())));
        table.localSecondaryIndexes().forEach(index -> indexes.put(index.indexName(), hashKey(index.keySchema())));
        return new TableKeys(hashKey(table.keySchema()), Map.copyOf(indexes));
    }

    private static String hashKey(List<KeySchemaElement> schema) {
        return schema.stream()
                .filter(element -> element.keyType() == KeyType.HASH)
                .map(KeySchemaElement::attributeName)
                .findFirst()
                .orElseThrow();
    }

    private void forgetSchema(byte[] body) {
        try {
            JsonNode table = JSON.readTree(body).get("TableName");
            if (table != null) {
                tableKeys.remove(table.asText());
            }
        } catch (IOException | RuntimeException e) {
            tableKeys.clear();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        backend.resolve(exchange.getRequestURI().getRawPath()
                                + (exchange.getRequestURI().getRawQuery() == null
                                        ? ""
                                        : "?" + exchange.getRequestURI().getRawQuery())))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to DynamoDB Local", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-2);
        try (InputStream in = response.body()) {
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : Math.max(length, 0));
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
    }

    private static String accessDenied(String message) {
        return error("AccessDeniedException", message);
    }

    /** DynamoDB's JSON error body: {@code {"__type":"com.amazon.coral.service#<code>","Message":...}}. */
    private static String error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", "com.amazon.coral.service#" + code);
        error.put("Message", message);
        return error.toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON_1_0);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        describer.close();
        http.close();
        executor.shutdownNow();
    }
}
