package io.tenantry.local.emulators;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * DynamoDB Local, ElasticMQ, s3proxy and {@link LocalSecretsManager} in this JVM, each on a free 127.0.0.1 port,
 * started in parallel. With a data folder, tables, objects and secrets persist there ({@code dynamodb/}, {@code s3/},
 * {@code secretsmanager/}); queues are always in memory.
 * {@link #onS3ObjectEvents} hooks S3 writes, for bucket notifications.
 */
public final class EmbeddedAws implements AwsBackend {
    /**
     * The credentials s3proxy checks signatures with. DynamoDB Local accepts any key made of letters and digits
     * only (a hyphen gets "The Access Key ID or security token is invalid"); ElasticMQ accepts any.
     */
    public static final String ACCESS_KEY_ID = "tenantrylocal";

    public static final String SECRET_ACCESS_KEY = "tenantrylocalsecret";

    private static final System.Logger LOG = System.getLogger(EmbeddedAws.class.getName());

    private final DynamoDbLocalServer dynamoDb;
    private final ElasticMqServer sqs;
    private final S3ProxyServer s3;
    private final LocalSecretsManager secretsManager;
    private final Endpoints endpoints;
    private final Duration startupTime;
    private final AtomicReference<S3ObjectListener> objectListener;

    private EmbeddedAws(
            DynamoDbLocalServer dynamoDb,
            ElasticMqServer sqs,
            S3ProxyServer s3,
            LocalSecretsManager secretsManager,
            Duration startupTime,
            AtomicReference<S3ObjectListener> objectListener) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.secretsManager = secretsManager;
        this.endpoints = new Endpoints(dynamoDb.endpoint(), sqs.endpoint(), s3.endpoint(), secretsManager.endpoint());
        this.startupTime = startupTime;
        this.objectListener = objectListener;
    }

    /** Starts the emulators in memory. */
    public static EmbeddedAws start() {
        return start(null);
    }

    /** Starts the emulators, keeping tables, objects and secrets under {@code dataDir} (null: in memory). */
    public static EmbeddedAws start(Path dataDir) {
        long started = System.nanoTime();
        AtomicReference<S3ObjectListener> objectListener = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "tenantry-emulator-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<DynamoDbLocalServer> dynamoDb = CompletableFuture.supplyAsync(
                    unchecked(() -> DynamoDbLocalServer.start(dataDir == null ? null : dataDir.resolve("dynamodb"))),
                    pool);
            CompletableFuture<ElasticMqServer> sqs = CompletableFuture.supplyAsync(ElasticMqServer::start, pool);
            CompletableFuture<S3ProxyServer> s3 = CompletableFuture.supplyAsync(
                    unchecked(() -> S3ProxyServer.start(
                            dataDir == null ? null : dataDir.resolve("s3"),
                            ACCESS_KEY_ID,
                            SECRET_ACCESS_KEY,
                            objectListener::get)),
                    pool);
            CompletableFuture<LocalSecretsManager> secretsManager = CompletableFuture.supplyAsync(
                    () -> LocalSecretsManager.start(dataDir == null ? null : dataDir.resolve("secretsmanager")), pool);
            try {
                CompletableFuture.allOf(dynamoDb, sqs, s3, secretsManager).join();
            } catch (CompletionException e) {
                closeStarted(List.of(dynamoDb, sqs, s3, secretsManager));
                throw new IllegalStateException("The embedded AWS emulators did not start", e.getCause());
            }
            EmbeddedAws aws = new EmbeddedAws(
                    dynamoDb.join(),
                    sqs.join(),
                    s3.join(),
                    secretsManager.join(),
                    Duration.ofNanos(System.nanoTime() - started),
                    objectListener);
            LOG.log(Level.INFO, "{0} started in {1} ms", aws.description(), String.valueOf(aws.startupTime.toMillis()));
            return aws;
        } finally {
            pool.shutdown();
        }
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    @Override
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /**
     * Tells {@code listener} of every object stored in or removed from the embedded S3 from now on (S3 bucket
     * notifications are not s3proxy's); null stops telling. One listener at a time: a new one replaces the last.
     */
    public void onS3ObjectEvents(S3ObjectListener listener) {
        objectListener.set(listener);
    }

    /** How long {@link #start} took, from the call until all of them answered. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public String description() {
        return "embedded AWS emulators (DynamoDB Local " + endpoints.dynamodb() + ", ElasticMQ " + endpoints.sqs()
                + ", s3proxy " + endpoints.s3() + ", Secrets Manager " + endpoints.secretsmanager() + ")";
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable server : List.<AutoCloseable>of(secretsManager, s3, sqs, dynamoDb)) {
            try {
                server.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("Stopping the embedded AWS emulators failed");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void closeStarted(List<CompletableFuture<? extends AutoCloseable>> servers) {
        for (CompletableFuture<? extends AutoCloseable> server : servers) {
            if (server.isDone() && !server.isCompletedExceptionally()) {
                try {
                    server.join().close();
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "Stopping an emulator after a failed start failed", e);
                }
            }
        }
    }

    private interface Start<T> {
        T get() throws Exception;
    }

    private static <T> java.util.function.Supplier<T> unchecked(Start<T> start) {
        return () -> {
            try {
                return start.get();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
    }
}
