package io.tenantry.local.backend.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.emulators.BucketCors;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.TemplateResources;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local S3's CORS rule comes from the real template.yaml's buckets, with the same parameter as the HTTP API's: a
 * web page whose origin may call the API may also PUT its upload to the presigned URL the API hands it.
 */
class BucketCorsConfigTest {

    @Test
    void theMediaBucketsRule_allowsTheDefaultOrigin_toPutAndGet_withAContentType() {
        BucketCors cors = BucketCorsConfig.from(TemplateLimitsTest.TEMPLATE, Map.of());
        assertEquals(List.of("http://localhost:5173"), cors.allowedOrigins());
        assertEquals(List.of("GET", "PUT"), cors.allowedMethods());
        assertEquals(List.of("content-type"), cors.allowedHeaders());
        assertTrue(cors.isEnabled());
    }

    @Test
    void anOverriddenOrigin_replacesTheDefault_forTheBucket_asForTheHttpApi() {
        Map<String, String> parameters = Map.of("CorsAllowedOrigins", "http://localhost:4100");
        BucketCors cors = BucketCorsConfig.from(TemplateLimitsTest.TEMPLATE, parameters);
        HttpApiConfig api = HttpApiConfig.from(
                TemplateLimitsTest.TEMPLATE,
                new Intrinsics(
                        TemplateLimitsTest.TEMPLATE,
                        new TemplateResources(TemplateLimitsTest.TEMPLATE, URI.create("http://sqs")),
                        parameters));
        assertEquals(List.of("http://localhost:4100"), cors.allowedOrigins());
        assertEquals(api.cors().allowOrigins(), cors.allowedOrigins());
    }
}
