package io.tenantry.local.emulators;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * s3proxy on a loopback port, checking AWS signatures (so a tampered presigned URL gets 403): objects in memory, or
 * in a folder. Each object written or removed is told to the listener of the moment, if any.
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

    /** Starts the proxy; {@code dataDir} null means in memory; {@code listener} gives the current listener or null. */
    static S3ProxyServer start(
            Path dataDir, String accessKeyId, String secretAccessKey, Supplier<S3ObjectListener> listener)
            throws Exception {
        BlobStore store;
        if (dataDir == null) {
            store = new TransientNio2BlobStore();
        } else {
            Files.createDirectories(dataDir);
            store = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        }
        store = new NotifyingBlobStore(store, listener);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            store.close();
            throw e;
        }
        return new S3ProxyServer(proxy, store);
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
