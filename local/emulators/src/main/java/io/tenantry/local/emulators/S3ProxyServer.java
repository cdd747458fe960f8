package io.tenantry.local.emulators;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * s3proxy on a loopback port, checking AWS signatures (so a tampered presigned URL gets 403): objects in memory, or
 * in a folder. Each object written or removed is told to the listener of the moment, if any.
 *
 * <p>Besides the base credentials, it accepts those {@link LocalSts} issued: s3proxy's {@code BlobStoreLocator} gives
 * it each session's secret to verify the signature with (headers and presigned URLs alike, and a presigned URL's
 * expiry), and a {@link SessionBlobStore} that authorizes each operation against the session's policies. An expired
 * session gets {@code 400 ExpiredToken}, as from S3. The session token itself is not compared: s3proxy does not show
 * it to the locator (it is covered by the signature, which needs the session's secret).
 */
final class S3ProxyServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /**
     * Starts the proxy; {@code dataDir} null means in memory; {@code listener} gives the current listener or null;
     * {@code cors} is the rule browsers get (preflights from other origins, methods or headers are refused with 403).
     */
    static S3ProxyServer start(
            Path dataDir,
            String accessKeyId,
            String secretAccessKey,
            Supplier<S3ObjectListener> listener,
            LocalSts sts,
            BucketCors cors)
            throws Exception {
        BlobStore store;
        if (dataDir == null) {
            store = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(dataDir);
            store = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        }
        store = new NotifyingBlobStore(store, listener);
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .stopTimeout(0)
                // Session credentials add x-amz-security-token, which s3proxy does not know.
                .ignoreUnknownHeaders(true);
        if (cors.isEnabled()) {
            builder.corsRules(new CrossOriginResourceSharing(
                    cors.allowedOrigins(),
                    cors.allowedMethods(),
                    cors.allowedHeaders(),
                    cors.exposedHeaders(),
                    "false"));
        }
        S3Proxy proxy = builder.build();
        ReadWholeRequestBodies.install(proxy);
        BlobStore base = store;
        proxy.setBlobStoreLocator(
                (identity, container, blob) -> locate(identity, accessKeyId, secretAccessKey, base, sts));
        try {
            proxy.start();
        } catch (Exception e) {
            store.close();
            throw e;
        }
        return new S3ProxyServer(proxy, store);
    }

    /** The secret to check {@code identity}'s signature with and the store it may use; null for a stranger. */
    private static AccessGrant locate(
            String identity, String accessKeyId, String secretAccessKey, BlobStore store, LocalSts sts) {
        if (accessKeyId.equals(identity)) {
            return new AccessGrant(secretAccessKey, store);
        }
        StsSession session = sts.session(identity).orElse(null);
        if (session == null) {
            return null;
        }
        if (session.isExpired(Instant.now())) {
            throw S3Exception.builder()
                    .statusCode(400)
                    .message("The provided token has expired.")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ExpiredToken")
                            .errorMessage("The provided token has expired.")
                            .build())
                    .build();
        }
        return new AccessGrant(session.secretAccessKey(), new SessionBlobStore(store, session));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            store.close();
        }
    }
}
