package io.tenantry.local.emulators;

import io.tenantry.local.iam.PolicyDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * DynamoDB Local, ElasticMQ, s3proxy, {@link LocalSecretsManager} and {@link LocalSes} in this JVM, each on a free
 * 127.0.0.1 port, started in parallel. With a data folder, tables, objects and secrets persist there ({@code
 * dynamodb/}, {@code s3/}, {@code secretsmanager/}); queues and the emails SES kept ({@link #ses()}) are always in
 * memory.
 * {@link #onS3ObjectEvents} hooks S3 writes, for bucket notifications.
 *
 * <p>A local STS ({@link LocalSts}) issues session credentials for the roles given to {@link #registerRole}; DynamoDB
 * (through {@link DynamoDbFront}, the endpoint clients get), S3, Secrets Manager and SES refuse a session's calls that
 * its policies do not allow, as IAM would. Calls with the base credentials pass unchecked.
 */
public final class EmbeddedAws implements AwsBackend {
    /**
     * The credentials s3proxy checks signatures with. DynamoDB Local accepts any key made of letters and digits
     * only (a hyphen gets "The Access Key ID or security token is invalid"); ElasticMQ accepts any.
     */
    public static final String ACCESS_KEY_ID = "tenantrylocal";

    public static final String SECRET_ACCESS_KEY = "tenantrylocalsecret";

    private static final System.Logger LOG = System.getLogger(EmbeddedAws.class.getName());

    private final LocalSts sts;
    private final DynamoDbLocalServer dynamoDb;
    private final DynamoDbFront dynamoDbFront;
    private final ElasticMqServer sqs;
    private final S3ProxyServer s3;
    private final LocalSecretsManager secretsManager;
    private final LocalSes ses;
    private final Endpoints endpoints;
    private final Duration startupTime;
    private final AtomicReference<S3ObjectListener> objectListener;

    private EmbeddedAws(
            LocalSts sts,
            DynamoDbLocalServer dynamoDb,
            DynamoDbFront dynamoDbFront,
            ElasticMqServer sqs,
            S3ProxyServer s3,
            LocalSecretsManager secretsManager,
            LocalSes ses,
            Duration startupTime,
            AtomicReference<S3ObjectListener> objectListener) {
        this.sts = sts;
        this.dynamoDb = dynamoDb;
        this.dynamoDbFront = dynamoDbFront;
        this.sqs = sqs;
        this.s3 = s3;
        this.secretsManager = secretsManager;
        this.ses = ses;
        this.endpoints = new Endpoints(
                dynamoDbFront.endpoint(),
                sqs.endpoint(),
                s3.endpoint(),
                sts.endpoint(),
                secretsManager.endpoint(),
                ses.endpoint());
        this.startupTime = startupTime;
        this.objectListener = objectListener;
    }

    /** Starts the emulators in memory. */
    public static EmbeddedAws start() {
        return start(null);
    }

    /** Starts the emulators, keeping tables, objects and secrets under {@code dataDir} (null: in memory). */
    public static EmbeddedAws start(Path dataDir) {
        return start(dataDir, BucketCors.none());
    }

    /**
     * Starts the emulators, keeping tables, objects and secrets under {@code dataDir} (null: in memory), S3 answering
     * browsers by {@code s3Cors}.
     */
    public static EmbeddedAws start(Path dataDir, BucketCors s3Cors) {
        long started = System.nanoTime();
        AtomicReference<S3ObjectListener> objectListener = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "tenantry-emulator-start");
            thread.setDaemon(true);
            return thread;
        });
        LocalSts sts;
        try {
            sts = LocalSts.start();
        } catch (IOException e) {
            pool.shutdown();
            throw new UncheckedIOException("The local STS did not start", e);
        }
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
                            objectListener::get,
                            sts,
                            s3Cors)),
                    pool);
            CompletableFuture<DynamoDbFront> dynamoDbFront = dynamoDb.thenApplyAsync(
                    unchecked(local -> DynamoDbFront.start(local.endpoint(), sts, ACCESS_KEY_ID, SECRET_ACCESS_KEY)),
                    pool);
            CompletableFuture<LocalSecretsManager> secretsManager = CompletableFuture.supplyAsync(
                    () -> LocalSecretsManager.start(
                            dataDir == null ? null : dataDir.resolve("secretsmanager"), sts::session),
                    pool);
            CompletableFuture<LocalSes> ses = CompletableFuture.supplyAsync(() -> LocalSes.start(sts::session), pool);
            try {
                CompletableFuture.allOf(dynamoDbFront, sqs, s3, secretsManager, ses)
                        .join();
            } catch (CompletionException e) {
                closeStarted(List.of(dynamoDbFront, dynamoDb, sqs, s3, secretsManager, ses));
                sts.close();
                throw new IllegalStateException("The embedded AWS emulators did not start", e.getCause());
            }
            EmbeddedAws aws = new EmbeddedAws(
                    sts,
                    dynamoDb.join(),
                    dynamoDbFront.join(),
                    sqs.join(),
                    s3.join(),
                    secretsManager.join(),
                    ses.join(),
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

    /**
     * Makes {@code roleArn} assumable through the local STS ({@link Endpoints#sts}), with {@code policies} as its
     * identity-based policies; registering it again replaces them (for sessions assumed from then on).
     */
    @Override
    public void registerRole(String roleArn, List<PolicyDocument> policies) {
        sts.registerRole(roleArn, policies);
    }

    /** The local STS, for tests that need to reach a session (to end it early). */
    LocalSts sts() {
        return sts;
    }

    /** The local SES: what the functions sent ({@link LocalSes#messages}), for {@code GET /local/mail} and tests. */
    public LocalSes ses() {
        return ses;
    }

    /** How long {@link #start} took, from the call until all of them answered. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public String description() {
        return "embedded AWS emulators (DynamoDB Local " + endpoints.dynamodb() + ", ElasticMQ " + endpoints.sqs()
                + ", s3proxy " + endpoints.s3() + ", STS " + endpoints.sts() + ", Secrets Manager "
                + endpoints.secretsmanager() + ", SES " + endpoints.ses() + ")";
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable server :
                List.<AutoCloseable>of(ses, secretsManager, s3, sqs, dynamoDbFront, dynamoDb, sts)) {
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

    private interface Then<T, R> {
        R apply(T value) throws Exception;
    }

    private static <T, R> java.util.function.Function<T, R> unchecked(Then<T, R> then) {
        return value -> {
            try {
                return then.apply(value);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
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
