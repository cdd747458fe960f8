package io.tenantry.local.backend.config;

import io.tenantry.local.emulators.BucketCors;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import io.tenantry.local.template.TemplateResources;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's buckets' {@code CorsConfiguration.CorsRules} as the local S3 applies them: a web page of an allowed
 * origin may PUT to a presigned upload URL, as it may in the cloud. s3proxy holds one rule for every bucket, so the
 * rules of all buckets are merged (origins, methods, allowed and exposed headers); {@code MaxAgeSeconds} has no local
 * effect. Only parameters are needed ({@code AllowedOrigins: !Ref CorsAllowedOrigins}), so this is read before the
 * emulators start.
 */
public final class BucketCorsConfig {
    public static final String BUCKET = "AWS::S3::Bucket";

    private BucketCorsConfig() {}

    /** The merged rule of the template's buckets, with {@code parameters} (overrides and placeholders). */
    public static BucketCors from(SamTemplate template, Map<String, String> parameters) {
        Intrinsics intrinsics =
                new Intrinsics(template, new TemplateResources(template, URI.create("http://127.0.0.1")), parameters);
        Set<String> origins = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        Set<String> headers = new LinkedHashSet<>();
        Set<String> exposed = new LinkedHashSet<>();
        for (TemplateResource bucket : template.resources().values()) {
            if (!bucket.type().equals(BUCKET) || !bucket.properties().containsKey("CorsConfiguration")) {
                continue;
            }
            Object configuration =
                    intrinsics.resolve(bucket.properties().get("CorsConfiguration"), bucket.path("CorsConfiguration"));
            Object rules = configuration instanceof Map<?, ?> c ? c.get("CorsRules") : null;
            if (!(rules instanceof List<?> list)) {
                continue;
            }
            for (Object rule : list) {
                if (rule instanceof Map<?, ?> r) {
                    origins.addAll(strings(r.get("AllowedOrigins")));
                    methods.addAll(strings(r.get("AllowedMethods")));
                    headers.addAll(strings(r.get("AllowedHeaders")));
                    exposed.addAll(strings(r.get("ExposedHeaders")));
                }
            }
        }
        return new BucketCors(List.copyOf(origins), List.copyOf(methods), List.copyOf(headers), List.copyOf(exposed));
    }

    private static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> result.addAll(strings(v)));
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    result.add(part.strip());
                }
            }
        }
        return result;
    }
}
