package io.tenantry.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.auth.CallerResolver;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonBody;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.UnsupportedMediaTypeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.MDC;

/** An HTTP API (payload 2.0) request as a handler sees it: the caller, the body, the headers. */
public final class ApiRequest {
    private final APIGatewayV2HTTPEvent event;
    private final String requestId;
    private final CallerResolver callers;
    private final JsonCodec json;
    private Caller caller;
    private TenantAccess tenant;
    private boolean metered;
    private String resolvedTenantId;

    ApiRequest(APIGatewayV2HTTPEvent event, String requestId, CallerResolver callers, JsonCodec json) {
        this.event = event;
        this.requestId = requestId;
        this.callers = callers;
        this.json = json;
    }

    public String requestId() {
        return requestId;
    }

    /** The verified caller; 401 without a valid token. */
    public Caller caller() {
        if (caller == null) {
            caller = callers.resolve(event);
            MDC.put("userSub", caller.subject());
        }
        return caller;
    }

    /**
     * The tenant this request was admitted to, with the role of the caller's stored membership: only
     * on a tenant route (see {@link Route}), whose admission has already checked token, tenant,
     * membership, role and rate.
     */
    public TenantAccess tenant() {
        if (tenant == null) {
            throw new IllegalStateException("Not a tenant route: declare @Route(access = TENANT).");
        }
        return tenant;
    }

    void admit(TenantAccess access, boolean meter) {
        this.tenant = access;
        this.metered = meter;
    }

    /** Admission found the caller a member of this tenant with the role the route needs (the rate may still refuse it). */
    void resolved(String tenantId) {
        this.resolvedTenantId = tenantId;
    }

    /**
     * The tenant this request acted on, or was throttled for (a 429 after the membership and role
     * were checked); null when admission never got that far. What metrics label the request with.
     */
    String resolvedTenantId() {
        return tenant != null ? tenant.tenantId() : resolvedTenantId;
    }

    /** The tenant whose admitted request this is, when its route is metered: what metering counts. */
    TenantAccess meteredTenant() {
        return metered ? tenant : null;
    }

    /** The body as a JSON object: 415 for another content type, 413 when too large, 400 when malformed. */
    public JsonBody body() {
        String contentType = header("content-type").orElse("application/json");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new UnsupportedMediaTypeException("The body must be application/json, not '" + mediaType + "'.");
        }
        return json.parseObject(rawBody());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(Headers.get(event.getHeaders(), name));
    }

    public Optional<String> pathParameter(String name) {
        Map<String, String> params = event.getPathParameters();
        return Optional.ofNullable(params == null ? null : params.get(name));
    }

    public Optional<String> queryParameter(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return Optional.ofNullable(params == null ? null : params.get(name));
    }

    /** The version {@code If-Match} asks for; empty without the header; 412 for a tag of no version. */
    public OptionalLong ifMatch() {
        return ETags.parseIfMatch(header("if-match").orElse(null));
    }

    /** The {@code Idempotency-Key}: 1 to 255 printable ASCII characters, or a 400. */
    public Optional<String> idempotencyKey() {
        Optional<String> key = header("idempotency-key");
        key.ifPresent(k -> {
            if (k.isEmpty() || k.length() > 255 || !k.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new BadRequestException("Idempotency-Key must be 1 to 255 printable ASCII characters.");
            }
        });
        return key;
    }

    /** The body's bytes, decoded from base64 when API Gateway encoded them. */
    public byte[] rawBody() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("The body is not valid base64.");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public String method() {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null
                ? ""
                : context.getHttp().getMethod();
    }

    public String path() {
        return event.getRawPath() == null ? "" : event.getRawPath();
    }
}
