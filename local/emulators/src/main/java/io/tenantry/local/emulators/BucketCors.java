package io.tenantry.local.emulators;

import java.util.List;

/**
 * The CORS rule the local S3 answers browsers with: the origins, methods and request headers a browser may use on a
 * bucket's objects (a presigned PUT from a web page, say), and the response headers it may read. s3proxy holds one
 * rule for all its buckets, so the local backend gives it the union of the template's buckets' {@code CorsRules}.
 */
public record BucketCors(
        List<String> allowedOrigins,
        List<String> allowedMethods,
        List<String> allowedHeaders,
        List<String> exposedHeaders) {

    public BucketCors {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedMethods = List.copyOf(allowedMethods);
        allowedHeaders = List.copyOf(allowedHeaders);
        exposedHeaders = List.copyOf(exposedHeaders);
    }

    /** No bucket allows a browser (S3's default): preflights are refused. */
    public static BucketCors none() {
        return new BucketCors(List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEnabled() {
        return !allowedOrigins.isEmpty() && !allowedMethods.isEmpty();
    }
}
