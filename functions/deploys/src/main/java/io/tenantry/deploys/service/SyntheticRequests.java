package io.tenantry.deploys.service;

import io.micronaut.json.JsonMapper;
import io.tenantry.deploys.model.Probe;
import io.tenantry.shared.auth.SyntheticTenant;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API event a probe sends: the route as API Gateway would deliver it, with the JWT authorizer's claims of
 * the synthetic tenant's owner. API Gateway verifies tokens before a function runs; a direct invocation carries the
 * claims as the authorizer would have passed them.
 */
@Singleton
public final class SyntheticRequests {
    private final JsonMapper json;

    public SyntheticRequests(JsonMapper json) {
        this.json = json;
    }

    public String eventFor(Probe probe, String deploymentId) {
        Map<String, Object> claims = Map.of(
                "sub",
                SyntheticTenant.USER_ID,
                "tenant_id",
                SyntheticTenant.TENANT_ID,
                "role",
                "owner",
                "email",
                "pretraffic@tenantry.invalid");
        Map<String, Object> event = Map.of(
                "version", "2.0",
                "routeKey", probe.route(),
                "rawPath", probe.path(),
                "rawQueryString", "",
                "headers", Map.of("accept", "application/json", "user-agent", "tenantry-pretraffic"),
                "requestContext",
                        Map.of(
                                "routeKey", probe.route(),
                                "stage", "$default",
                                "requestId", "pretraffic-" + deploymentId,
                                "http",
                                        Map.of(
                                                "method", probe.method(),
                                                "path", probe.path(),
                                                "protocol", "HTTP/1.1",
                                                "sourceIp", "127.0.0.1",
                                                "userAgent", "tenantry-pretraffic"),
                                "authorizer", Map.of("jwt", Map.of("claims", claims, "scopes", List.of()))),
                "isBase64Encoded", false);
        try {
            return json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
