package io.tenantry.local.invoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tenantry.local.function.FunctionError;
import io.tenantry.local.function.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, on 127.0.0.1 and a free port: what
 * the runtime interface client in the function's JVM polls for events and posts results to. Invocations are queued
 * with {@link #invoke}; {@code GET …/invocation/next} blocks until there is one, as in Lambda.
 *
 * <p>Also answers the SnapStart endpoints ({@code …/restore/next}, {@code …/restore/error}) that the client calls
 * when {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: restore is immediate, there being no snapshot.
 */
public final class RuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime/";
    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final Pattern RESULT = Pattern.compile("invocation/([^/]+)/(response|error)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Map<String, Request> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final CompletableFuture<Long> restored = new CompletableFuture<>();
    private long lastSampledSecond = -1;
    private final CompletableFuture<FunctionError> initError = new CompletableFuture<>();
    private volatile boolean closed;

    private RuntimeApi(HttpServer server, ExecutorService executor, String functionArn) {
        this.server = server;
        this.executor = executor;
        this.functionArn = functionArn;
    }

    /** Starts the API for a function whose ARN the invocations carry. */
    public static RuntimeApi start(String functionArn) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-runtime-api");
            thread.setDaemon(true);
            return thread;
        });
        RuntimeApi api = new RuntimeApi(server, executor, functionArn);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes (with {@link System#nanoTime}) when the runtime first asks for an event: init is over. */
    public CompletableFuture<Long> ready() {
        return ready;
    }

    /** Completes when a SnapStart-mode runtime has run its before-checkpoint hooks and asks to be restored. */
    public CompletableFuture<Long> restored() {
        return restored;
    }

    /** Completes when the runtime reports that init failed (or, in SnapStart mode, restore failed). */
    public CompletableFuture<FunctionError> initError() {
        return initError;
    }

    /** Queues an event; its deadline is set when the runtime takes it, {@code timeout} after. */
    public Request invoke(byte[] event, Duration timeout) {
        Request invocation = new Request(UUID.randomUUID().toString(), event, timeout, traceId(sampled()));
        queue.add(invocation);
        return invocation;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.startsWith(PREFIX)) {
                send(exchange, 404, error("NotFound", "No such path: " + path));
                return;
            }
            String route = path.substring(PREFIX.length());
            if (method.equals("GET") && route.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && route.equals("init/error")) {
                initError.complete(error(exchange));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && route.equals("restore/next")) {
                restored.complete(System.nanoTime());
                send(exchange, 200, "");
            } else if (method.equals("POST") && route.equals("restore/error")) {
                initError.complete(error(exchange));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && RESULT.matcher(route).matches()) {
                result(exchange, RESULT.matcher(route));
            } else {
                send(exchange, 404, error("NotFound", "No such route: " + method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        ready.complete(System.nanoTime());
        Request invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            send(exchange, 503, error("ServiceUnavailable", "The execution environment is shutting down"));
            return;
        }
        long now = System.currentTimeMillis();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set(
                "Lambda-Runtime-Deadline-Ms",
                String.valueOf(now + invocation.timeout().toMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        inFlight.put(invocation.requestId(), invocation);
        invocation.dispatched(System.nanoTime());
        exchange.sendResponseHeaders(200, invocation.event().length == 0 ? -1 : invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void result(HttpExchange exchange, Matcher matcher) throws IOException {
        matcher.matches();
        String requestId = matcher.group(1);
        Request invocation = inFlight.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, error("InvalidRequestID", "No invocation in flight has request id " + requestId));
            return;
        }
        long received = System.nanoTime();
        if (matcher.group(2).equals("response")) {
            byte[] body = readBody(exchange);
            invocation.complete(Invocation.ok(invocation.requestId(), body, received - invocation.dispatchedNanos()));
        } else {
            FunctionError error = error(exchange);
            invocation.complete(
                    Invocation.error(invocation.requestId(), error, received - invocation.dispatchedNanos()));
        }
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The error the runtime posts: its body, and its category from {@value #ERROR_TYPE_HEADER}. */
    private static FunctionError error(HttpExchange exchange) throws IOException {
        return new FunctionError(exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER), readBody(exchange));
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String error(String type, String message) {
        return "{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + message.replace("\"", "'") + "\"}";
    }

    /**
     * Whether Lambda's sampling would trace this invocation: the first of each second, and 5 % of the others (its
     * fixed rule for a function with active tracing). A lone invocation is always traced; a benchmark's burst mostly
     * not, as in Lambda.
     */
    private synchronized boolean sampled() {
        long second = System.currentTimeMillis() / 1000;
        if (second != lastSampledSecond) {
            lastSampledSecond = second;
            return true;
        }
        return RANDOM.nextInt(100) < 5;
    }

    /**
     * An X-Ray trace header as Lambda passes it to a function with active tracing: a sampled invocation's spans go to
     * the local agent ({@link XRayAgent}).
     */
    static String traceId(boolean sampled) {
        byte[] random = new byte[20];
        RANDOM.nextBytes(random);
        HexFormat hex = HexFormat.of();
        String epoch = Long.toHexString(System.currentTimeMillis() / 1000);
        return "Root=1-" + epoch + "-" + hex.formatHex(random, 0, 12) + ";Parent=" + hex.formatHex(random, 12, 20)
                + ";Sampled=" + (sampled ? 1 : 0);
    }

    /** One event handed to the runtime, and what came back. */
    public static final class Request {
        private final String requestId;
        private final byte[] event;
        private final Duration timeout;
        private final String traceId;
        private final CompletableFuture<Long> dispatched = new CompletableFuture<>();
        private final CompletableFuture<Invocation> result = new CompletableFuture<>();

        Request(String requestId, byte[] event, Duration timeout, String traceId) {
            this.requestId = requestId;
            this.event = event;
            this.timeout = timeout;
            this.traceId = traceId;
        }

        public String requestId() {
            return requestId;
        }

        byte[] event() {
            return event;
        }

        Duration timeout() {
            return timeout;
        }

        String traceId() {
            return traceId;
        }

        /** Completes with {@link System#nanoTime} when the runtime took the event. */
        public CompletableFuture<Long> dispatched() {
            return dispatched;
        }

        /** Completes when the runtime posts the response or the error. */
        public CompletableFuture<Invocation> result() {
            return result;
        }

        long dispatchedNanos() {
            return dispatched.getNow(System.nanoTime());
        }

        void dispatched(long nanos) {
            dispatched.complete(nanos);
        }

        void complete(Invocation outcome) {
            result.complete(outcome);
        }
    }
}
