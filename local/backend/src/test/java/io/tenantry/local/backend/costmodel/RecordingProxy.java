package io.tenantry.local.backend.costmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording HTTP forward proxy for the embedded AWS emulators. Installed as the JVM's default {@link ProxySelector}
 * before the local backend starts, it receives every request an AWS SDK client of this JVM makes to a loopback
 * endpoint (the SDK's URL-connection client consults the default selector), the functions' clients and the local
 * backend's own (queue pollers, bucket notifications) alike. Each request is forwarded unchanged, except that a
 * DynamoDB request that accepts it gets {@code "ReturnConsumedCapacity": "TOTAL"}, and recorded: the service and
 * operation, the request units DynamoDB Local reports as consumed, the messages an SQS receive returned, the S3
 * request class and object sizes.
 *
 * <p>Why a proxy selector and not an endpoint: the local backend gives its shared Micronaut context the emulators'
 * endpoints ({@code tenantry.endpoint.dynamodb}) after the emulators start, in a property source that wins over system
 * properties, and the context builds its one {@code DynamoDbClient} in the background during start (the local identity
 * provider needs it). No supported option points that client elsewhere, so the requests are routed at the one place the
 * client leaves open: the JVM's proxy selection.
 */
final class RecordingProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONSUMED_CAPACITY_OPERATIONS = Set.of(
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "Query",
            "Scan",
            "BatchGetItem",
            "BatchWriteItem",
            "TransactGetItems",
            "TransactWriteItems");
    private static final Set<String> READ_OPERATIONS =
            Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    /** Headers that belong to one hop, or that java.net.http sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "proxy-connection",
            "keep-alive",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "proxy-authorization",
            "date",
            "from",
            "via",
            "warning");

    private static final Pattern S3_KEY = Pattern.compile("<Key>([^<]*)</Key>");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient upstream;
    private final List<AwsCall> calls = new ArrayList<>();
    private final ProxySelector previous;
    private volatile boolean bypass;
    /** The ports of the services that are not priced (STS, Secrets Manager, SES): never proxied. */
    private final java.util.Set<Integer> unpriced = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RecordingProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        upstream = HttpClient.newBuilder()
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
        server.start();
        previous = ProxySelector.getDefault();
    }

    /** Starts the proxy and makes it the JVM's default proxy for plain-HTTP loopback endpoints. */
    static RecordingProxy install() {
        try {
            RecordingProxy proxy = new RecordingProxy();
            ProxySelector.setDefault(proxy.selector());
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("The recording proxy did not start", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Lets the calls to {@code endpoint} go straight to it: the services the cost model does not price (STS is free;
     * Secrets Manager and SES are outside the price file), whose calls are left out of the counts.
     */
    void unpriced(String endpoint) {
        unpriced.add(java.net.URI.create(endpoint).getPort());
    }

    /** While on, new connections go straight to the emulators (nothing is recorded). */
    void bypass(boolean on) {
        bypass = on;
    }

    private ProxySelector selector() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, server.getAddress());
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                boolean loopback = uri.getHost() != null
                        && (uri.getHost().equals("127.0.0.1") || uri.getHost().equals("localhost"));
                if (!bypass
                        && "http".equalsIgnoreCase(uri.getScheme())
                        && loopback
                        && uri.getPort() != port()
                        && !unpriced.contains(uri.getPort())) {
                    return List.of(proxy);
                }
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
                // Nothing to fall back to.
            }
        };
    }

    /** How many calls have been recorded: a mark for {@link #since}. */
    int mark() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** The calls recorded from mark {@code from} to mark {@code to}. */
    List<AwsCall> between(int from, int to) {
        synchronized (calls) {
            return List.copyOf(calls.subList(from, to));
        }
    }

    List<AwsCall> since(int from) {
        synchronized (calls) {
            return List.copyOf(calls.subList(from, calls.size()));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (exchange) {
            URI target = exchange.getRequestURI();
            if (!target.isAbsolute()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            AwsCall.Builder call = new AwsCall.Builder(started);
            byte[] forwarded = classify(call, method, target, exchange, amzTarget, body);
            Transaction transaction = call.operation().equals("TransactWriteItems")
                    ? Transaction.before(this, target, exchange, JSON.readTree(body))
                    : null;

            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            request.method(
                    method,
                    forwarded.length == 0 && !method.equals("POST") && !method.equals("PUT")
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(forwarded));
            long upstreamStarted = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                record(call.failed(e.toString()).upstream(System.nanoTime() - upstreamStarted));
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            call.upstream(System.nanoTime() - upstreamStarted);
            byte[] answer = response.body() == null ? new byte[0] : response.body();
            int status = response.statusCode();
            // Recorded before the client has its answer: whoever made the request, and waits for it, then finds
            // the call among those recorded.
            observe(call, status, answer);
            if (transaction != null && status == 200) {
                transaction.after(this, target, exchange);
                call.unitsByRule(transaction.readUnits(), transaction.writeUnits());
                call.elements(transaction.elements());
            }
            record(call);
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                boolean head = method.equals("HEAD") && lower.equals("content-length");
                if (head || (!NOT_FORWARDED.contains(lower) && !lower.startsWith(":"))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || answer.length == 0;
            exchange.sendResponseHeaders(status, noBody ? -1 : answer.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    /** The current image of an item, read straight from DynamoDB Local (not recorded): null when there is none. */
    private JsonNode currentItem(URI target, HttpExchange exchange, String table, JsonNode key) {
        ObjectNode body = JSON.createObjectNode();
        body.put("TableName", table);
        body.set("Key", key);
        body.put("ConsistentRead", true);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem");
        for (String header : List.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            HttpResponse<byte[]> response = upstream.send(
                    request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Reading an item's size failed: " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode item = JSON.readTree(response.body()).get("Item");
            return item == null || item.isNull() ? null : item;
        } catch (IOException e) {
            throw new IllegalStateException("Reading an item's size failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@code TransactWriteItems} request, priced by DynamoDB's published rule for transactions, because DynamoDB
     * Local reports a flat {@code CapacityUnits: 2.0} for any of them: 2 WRU per item written per KB (the larger of the
     * item before and after), 2 RRU per condition check per 4 KB. Each item's size is read from the table before the
     * request is forwarded and, for updates, after it succeeded.
     */
    static final class Transaction {
        private record Action(String type, String table, JsonNode key, JsonNode put, long before) {}

        private final List<Action> actions = new ArrayList<>();
        private final List<Long> after = new ArrayList<>();

        static Transaction before(RecordingProxy proxy, URI target, HttpExchange exchange, JsonNode request) {
            Transaction transaction = new Transaction();
            for (JsonNode element : request.path("TransactItems")) {
                Map.Entry<String, JsonNode> action =
                        element.properties().iterator().next();
                JsonNode spec = action.getValue();
                String table = spec.path("TableName").asText();
                JsonNode put = action.getKey().equals("Put") ? spec.get("Item") : null;
                JsonNode key = put != null ? keyOf(put) : spec.get("Key");
                JsonNode current = proxy.currentItem(target, exchange, table, key);
                transaction.actions.add(
                        new Action(action.getKey(), table, key, put, current == null ? 0 : DynamoItemSize.of(current)));
            }
            return transaction;
        }

        void after(RecordingProxy proxy, URI target, HttpExchange exchange) {
            for (Action action : actions) {
                if (action.type().equals("Update")) {
                    JsonNode current = proxy.currentItem(target, exchange, action.table(), action.key());
                    after.add(current == null ? 0 : DynamoItemSize.of(current));
                } else {
                    after.add(action.put() == null ? 0 : DynamoItemSize.of(action.put()));
                }
            }
        }

        double writeUnits() {
            double units = 0;
            for (int i = 0; i < actions.size(); i++) {
                units += writeUnits(i);
            }
            return units;
        }

        private double writeUnits(int i) {
            Action action = actions.get(i);
            if (action.type().equals("ConditionCheck")) {
                return 0;
            }
            long size = Math.max(action.before(), after.get(i));
            return 2 * Math.max(1, (size + 1023) / 1024);
        }

        /** The audit events and outbox entries among the elements, and their write units. */
        AwsCall.Elements elements() {
            int audit = 0;
            int outbox = 0;
            double auditUnits = 0;
            double outboxUnits = 0;
            for (int i = 0; i < actions.size(); i++) {
                String sk = actions.get(i).key() == null
                        ? ""
                        : actions.get(i).key().path("SK").path("S").asText("");
                if (sk.startsWith("AUDIT#")) {
                    audit++;
                    auditUnits += writeUnits(i);
                } else if (sk.startsWith("OUTBOX#")) {
                    outbox++;
                    outboxUnits += writeUnits(i);
                }
            }
            return new AwsCall.Elements(audit, auditUnits, outbox, outboxUnits);
        }

        double readUnits() {
            double units = 0;
            for (Action action : actions) {
                if (action.type().equals("ConditionCheck")) {
                    units += 2 * Math.max(1, (action.before() + 4095) / 4096);
                }
            }
            return units;
        }

        private static JsonNode keyOf(JsonNode item) {
            ObjectNode key = JSON.createObjectNode();
            for (String name : List.of("PK", "SK")) {
                if (item.has(name)) {
                    key.set(name, item.get(name));
                }
            }
            return key;
        }
    }

    private void record(AwsCall.Builder call) {
        AwsCall done = call.build(System.nanoTime());
        synchronized (calls) {
            calls.add(done);
        }
    }

    /** What the request is; returns the body to forward (DynamoDB requests ask for their consumed capacity). */
    private static byte[] classify(
            AwsCall.Builder call, String method, URI target, HttpExchange exchange, String amzTarget, byte[] body)
            throws IOException {
        call.requestBytes(body.length);
        if (amzTarget != null && amzTarget.startsWith("DynamoDB_")) {
            String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
            call.service(AwsCall.Service.DYNAMODB).operation(operation);
            if (!CONSUMED_CAPACITY_OPERATIONS.contains(operation) || body.length == 0) {
                return body;
            }
            JsonNode request = JSON.readTree(body);
            call.purpose(DynamoPurpose.of(operation, request));
            call.detail(DynamoPurpose.keys(request));
            call.consistentRead(request.path("ConsistentRead").asBoolean(false));
            if (request instanceof ObjectNode object) {
                object.put("ReturnConsumedCapacity", "TOTAL");
                return JSON.writeValueAsBytes(object);
            }
            return body;
        }
        if (amzTarget != null && amzTarget.startsWith("AmazonSQS.")) {
            call.service(AwsCall.Service.SQS).operation(amzTarget.substring("AmazonSQS.".length()));
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("Action=")) {
            int end = text.indexOf('&');
            call.service(AwsCall.Service.SQS)
                    .operation(text.substring("Action=".length(), end < 0 ? text.length() : end));
            return body;
        }
        classifyS3(call, method, target, exchange, body);
        return body;
    }

    private static void classifyS3(
            AwsCall.Builder call, String method, URI target, HttpExchange exchange, byte[] body) {
        call.service(AwsCall.Service.S3);
        String path = target.getRawPath() == null ? "/" : target.getRawPath();
        String[] parts = path.replaceFirst("^/", "").split("/", 2);
        String bucket = parts[0];
        String key =
                parts.length > 1 && !parts[1].isEmpty() ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        String query = target.getRawQuery() == null ? "" : target.getRawQuery();
        call.bucket(bucket).key(key);
        switch (method) {
            case "PUT" -> {
                boolean copy = exchange.getRequestHeaders().containsKey("x-amz-copy-source");
                call.operation(key == null ? "PutBucket" : copy ? "CopyObject" : "PutObject")
                        .s3Class(AwsCall.S3Class.PUT);
                String decoded = exchange.getRequestHeaders().getFirst("x-amz-decoded-content-length");
                call.objectBytes(decoded != null ? Long.parseLong(decoded.trim()) : body.length);
            }
            case "POST" -> {
                if (query.contains("delete")) {
                    call.operation("DeleteObjects").s3Class(AwsCall.S3Class.FREE);
                    Matcher keys = S3_KEY.matcher(new String(body, StandardCharsets.UTF_8));
                    List<String> deleted = new ArrayList<>();
                    while (keys.find()) {
                        deleted.add(keys.group(1));
                    }
                    call.deletedKeys(deleted);
                } else {
                    call.operation("PostObject").s3Class(AwsCall.S3Class.PUT);
                }
            }
            case "GET" -> {
                if (key != null) {
                    call.operation("GetObject").s3Class(AwsCall.S3Class.GET);
                } else if (query.isEmpty() || query.contains("list-type") || query.contains("prefix")) {
                    call.operation("ListObjects").s3Class(AwsCall.S3Class.PUT);
                } else {
                    call.operation("GetBucket?" + query).s3Class(AwsCall.S3Class.GET);
                }
            }
            case "HEAD" ->
                call.operation(key == null ? "HeadBucket" : "HeadObject").s3Class(AwsCall.S3Class.GET);
            case "DELETE" -> {
                call.operation(key == null ? "DeleteBucket" : "DeleteObject").s3Class(AwsCall.S3Class.FREE);
                if (key != null) {
                    call.deletedKeys(List.of(key));
                }
            }
            default -> call.operation(method).s3Class(AwsCall.S3Class.GET);
        }
    }

    /** What the response says: DynamoDB's consumed capacity, the messages a receive returned, an error type. */
    private static AwsCall.Builder observe(AwsCall.Builder call, int status, byte[] answer) {
        call.status(status).responseBytes(answer.length);
        if (call.service() == AwsCall.Service.DYNAMODB) {
            JsonNode response = parse(answer);
            if (status >= 400) {
                call.error(
                        response == null
                                ? "HTTP " + status
                                : response.path("__type").asText("HTTP " + status));
            }
            if (response != null && response.has("ConsumedCapacity")) {
                JsonNode consumed = response.get("ConsumedCapacity");
                for (JsonNode entry : consumed.isArray() ? consumed : List.of(consumed)) {
                    call.reportedUnits(entry.path("CapacityUnits").asDouble(0));
                    if (entry.has("ReadCapacityUnits") || entry.has("WriteCapacityUnits")) {
                        call.addUnits(
                                entry.path("ReadCapacityUnits").asDouble(0),
                                entry.path("WriteCapacityUnits").asDouble(0));
                    } else if (READ_OPERATIONS.contains(call.operation())) {
                        call.addUnits(entry.path("CapacityUnits").asDouble(0), 0);
                    } else {
                        call.addUnits(0, entry.path("CapacityUnits").asDouble(0));
                    }
                }
                call.capacityReported(true);
            }
            if (response != null && response.has("Count")) {
                call.items(response.get("Count").asInt());
            }
        } else if (call.service() == AwsCall.Service.SQS) {
            if (status >= 400) {
                call.error("HTTP " + status);
            }
            if (call.operation().equals("ReceiveMessage")) {
                JsonNode response = parse(answer);
                if (response != null) {
                    call.messages(response.path("Messages").size());
                } else {
                    String xml = new String(answer, StandardCharsets.UTF_8);
                    call.messages(xml.split("<Message>", -1).length - 1);
                }
            }
        } else if (status >= 400) {
            call.error("HTTP " + status);
        }
        return call;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0 || body[0] != '{') {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (ProxySelector.getDefault() != null && previous != ProxySelector.getDefault()) {
            ProxySelector.setDefault(previous);
        }
        server.stop(0);
        upstream.close();
        executor.shutdownNow();
    }

    /** Why a DynamoDB request was made, read from the keys it names. */
    static final class DynamoPurpose {
        private DynamoPurpose() {}

        static AwsCall.Purpose of(String operation, JsonNode request) {
            List<String[]> keys = new ArrayList<>();
            collectKeys(request, keys);
            boolean metering = false;
            boolean limiter = false;
            for (String[] key : keys) {
                String pk = key[0];
                String sk = key[1];
                if (pk != null && (pk.contains("#USAGE#") || pk.startsWith("USAGEDAY#"))) {
                    metering = true;
                }
                if ("USAGE#STORAGE".equals(sk)) {
                    metering = true;
                }
                if (pk != null && pk.endsWith("#RATE")) {
                    limiter = true;
                }
            }
            if (operation.equals("PutItem")
                    && keys.size() == 1
                    && keys.getFirst()[1] != null
                    && keys.getFirst()[1].startsWith("AUDIT#")) {
                return AwsCall.Purpose.AUDIT;
            }
            if (metering && operation.equals("TransactWriteItems")) {
                return AwsCall.Purpose.METERING;
            }
            if (metering
                    && operation.equals("UpdateItem")
                    && keys.size() == 1
                    && keys.getFirst()[1] != null
                    && keys.getFirst()[1].startsWith("ACTIVE#")) {
                return AwsCall.Purpose.ACTIVITY;
            }
            if (limiter) {
                return AwsCall.Purpose.RATE_LIMITER;
            }
            if (operation.equals("GetItem")
                    && "TENANT".equals(keys.isEmpty() ? null : keys.getFirst()[1])
                    && "#plan".equals(request.path("ProjectionExpression").asText())) {
                return AwsCall.Purpose.PLAN_LOOKUP;
            }
            return AwsCall.Purpose.ROUTE;
        }

        /** The keys a request names, for the dump. */
        static String keys(JsonNode request) {
            List<String[]> keys = new ArrayList<>();
            collectKeys(request, keys);
            StringBuilder text = new StringBuilder();
            for (String[] key : keys) {
                text.append(key[0]).append('/').append(key[1]).append(' ');
            }
            return text.toString().trim();
        }

        /** Every {@code {"PK": {"S": ...}, "SK": {"S": ...}}} object in the request (keys and items). */
        private static void collectKeys(JsonNode node, List<String[]> keys) {
            if (node == null) {
                return;
            }
            if (node.isObject()) {
                JsonNode pk = node.get("PK");
                if (pk != null && pk.has("S")) {
                    JsonNode sk = node.get("SK");
                    keys.add(new String[] {
                        pk.get("S").asText(),
                        sk != null && sk.has("S") ? sk.get("S").asText() : null
                    });
                }
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    collectKeys(field.getValue(), keys);
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    collectKeys(element, keys);
                }
            }
        }
    }
}
