package io.tenantry.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tenantry.shared.audit.AuditTrail;
import io.tenantry.shared.auth.CallerResolver;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.aws.AwsOutages;
import io.tenantry.shared.aws.TenantScope;
import io.tenantry.shared.idempotency.Idempotency;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metrics.FunctionMetrics;
import io.tenantry.shared.metrics.InstanceStart;
import io.tenantry.shared.problem.BadRequestException;
import io.tenantry.shared.problem.ProblemException;
import io.tenantry.shared.problem.ServiceUnavailableException;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.tracing.CurrentRoute;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Everything around a handler's few lines: the request id, the logging context, admitting the
 * request as its {@link Route} declares ({@link Admission}), the handler of a tenant route run inside
 * its tenant's {@link TenantScope} (every DynamoDB and S3 call it makes carries the tenant's scoped
 * credentials), {@code Idempotency-Key} for idempotent routes, mapping failures to problem+json,
 * {@code If-None-Match} on reads ({@link ConditionalGet}: a 304 in place of the 200), writing the body and
 * gzip-compressing it for clients that accept it ({@link ResponseCompression}), one access log line per request,
 * the route's metrics (one EMF line per request: {@link FunctionMetrics#requestServed}), and
 * metering: each request a metered tenant route admitted counts for its tenant with its billed
 * duration, and the request's usage line goes to the function's log before the response leaves
 * ({@link UsageMeter#flush}).
 */
@Singleton
public final class ApiRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRuntime.class);

    private final CallerResolver callers;
    private final JsonCodec json;
    private final Admission admission;
    private final Idempotency idempotency;
    private final UsageMeter meter;
    private final TenantScope scope;
    private final FunctionMetrics metrics;
    private final AuditTrail audit;
    private final CurrentRoute currentRoute;

    public ApiRuntime(
            CallerResolver callers,
            JsonCodec json,
            Admission admission,
            Idempotency idempotency,
            UsageMeter meter,
            TenantScope scope,
            FunctionMetrics metrics,
            AuditTrail audit,
            CurrentRoute currentRoute) {
        this.callers = callers;
        this.json = json;
        this.admission = admission;
        this.idempotency = idempotency;
        this.meter = meter;
        this.scope = scope;
        this.metrics = metrics;
        this.audit = audit;
        this.currentRoute = currentRoute;
    }

    /**
     * Answers one request of {@code route} with {@code handler}.
     *
     * @param start the handler instance's first-invocation marker; null while priming a snapshot, when the
     *     request's metrics line is made but written nowhere ({@link io.tenantry.shared.metrics.MetricsEmitter} writes
     *     nothing in a priming run)
     */
    public APIGatewayV2HTTPResponse handle(
            APIGatewayV2HTTPEvent event, Route route, Function<ApiRequest, ApiResponse> handler, InstanceStart start) {
        return currentRoute.call(route.value(), () -> answer(event, route, handler, start));
    }

    /**
     * Answers a priming request of {@code route} as admitted ({@link io.tenantry.shared.snapstart.Priming}): the
     * priming caller as the priming tenant's owner, past the stored-membership read, which finds nothing for that
     * tenant. Only inside a priming run ({@link Admission#admitForPriming} refuses anything else). Not metered, not
     * counted, not logged as a request.
     */
    public APIGatewayV2HTTPResponse prime(
            APIGatewayV2HTTPEvent event, Route route, Function<ApiRequest, ApiResponse> handler) {
        return currentRoute.call(route.value(), () -> {
            String requestId = RequestIds.of(event);
            ApiRequest request = new ApiRequest(event, requestId, callers, json);
            ApiResponse response;
            try {
                admission.admitForPriming(request, route);
                response = serveAdmitted(request, route, handler);
            } catch (ProblemException e) {
                response = ProblemMapper.toResponse(e, requestId);
            } catch (RuntimeException e) {
                if (!PrimingGuard.stopped(e)) {
                    throw e;
                }
                response = ProblemMapper.internalError(requestId);
            } finally {
                MDC.clear();
            }
            return toApiGateway(ConditionalGet.apply(request, response), request, requestId);
        });
    }

    private APIGatewayV2HTTPResponse answer(
            APIGatewayV2HTTPEvent event, Route route, Function<ApiRequest, ApiResponse> handler, InstanceStart start) {
        long started = System.nanoTime();
        APIGatewayV2HTTPEvent safeEvent = event == null ? new APIGatewayV2HTTPEvent() : event;
        String requestId = RequestIds.of(safeEvent);
        MDC.put("requestId", requestId);
        ApiRequest request = new ApiRequest(safeEvent, requestId, callers, json);
        ApiResponse response;
        try {
            if (event == null) {
                throw new BadRequestException("The event is empty.");
            }
            admission.admit(request, route);
            response = serveAdmitted(request, route, handler);
        } catch (ProblemException e) {
            response = ProblemMapper.toResponse(e, requestId);
        } catch (RuntimeException e) {
            if (PrimingGuard.stopped(e)) {
                // A priming run's write, not sent: nothing failed.
                response = ProblemMapper.internalError(requestId);
            } else if (AwsOutages.isOutage(e)) {
                LOG.warn("AWS could not serve the request through the retries: {}", e.toString());
                response = ProblemMapper.toResponse(
                        new ServiceUnavailableException(AwsOutages.RETRY_AFTER_SECONDS), requestId);
            } else {
                LOG.error("Unhandled failure", e);
                response = ProblemMapper.internalError(requestId);
            }
        }
        response = ConditionalGet.apply(request, response);
        try {
            return toApiGateway(response, request, requestId);
        } finally {
            long elapsedNanos = System.nanoTime() - started;
            LOG.atInfo()
                    .addKeyValue("method", request.method())
                    .addKeyValue("path", request.path())
                    .addKeyValue("status", response.status())
                    .addKeyValue("durationMs", elapsedNanos / 1_000_000)
                    .log("request");
            metrics.requestServed(
                    route.value(), response.status(), elapsedNanos, request.resolvedTenantId(), requestId, start);
            TenantAccess tenant = request.meteredTenant();
            if (tenant != null) {
                // Lambda bills whole milliseconds, rounded up.
                meter.requestServed(tenant, (elapsedNanos + 999_999) / 1_000_000, route.value(), response.status());
            }
            // Before the response leaves: the usage lines are in the function's log, durable (docs/metering.md).
            meter.flush();
            MDC.clear();
        }
    }

    /** An admitted request served: a tenant route's inside its tenant's scope. */
    private ApiResponse serveAdmitted(ApiRequest request, Route route, Function<ApiRequest, ApiResponse> handler) {
        return route.access() == Route.Access.TENANT
                ? scope.call(request.tenant().tenantId(), access(route), () -> serve(request, route, handler))
                : serve(request, route, handler);
    }

    /** {@code GET} routes read: their handlers get the read-only tenant role. */
    private static TenantScope.Access access(Route route) {
        return route.value().startsWith("GET ") ? TenantScope.Access.READ_ONLY : TenantScope.Access.READ_WRITE;
    }

    private ApiResponse serve(ApiRequest request, Route route, Function<ApiRequest, ApiResponse> handler) {
        return route.idempotent()
                ? idempotency.run(request, route, () -> audited(request, route, handler))
                : audited(request, route, handler);
    }

    /**
     * The handler's answer, with its change's audit event written in the change's transaction (an idempotent replay
     * records nothing).
     */
    private ApiResponse audited(ApiRequest request, Route route, Function<ApiRequest, ApiResponse> handler) {
        return audit.around(request, route, () -> handler.apply(request));
    }

    /**
     * Writes the body (JSON) and the headers, then encodes the body for the client ({@link ResponseCompression}): gzip
     * bytes go to API Gateway base64-encoded, as binary bodies must.
     */
    private APIGatewayV2HTTPResponse toApiGateway(ApiResponse response, ApiRequest request, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (response.rawBody() != null) {
            body = response.rawBody();
            headers.put("Content-Type", ApiResponse.JSON);
        } else if (response.body() != null) {
            body = json.write(response.body());
            headers.put("Content-Type", ApiResponse.JSON);
        }
        headers.putAll(response.headers());
        headers.put(RequestIds.HEADER, requestId);
        ResponseCompression.Encoded encoded = ResponseCompression.encode(
                response.status(),
                headers,
                body,
                request.header("accept-encoding").orElse(null));
        String text = null;
        if (encoded.body() != null) {
            text = encoded.gzip()
                    ? Base64.getEncoder().encodeToString(encoded.body())
                    : new String(encoded.body(), StandardCharsets.UTF_8);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(text)
                .withIsBase64Encoded(encoded.gzip())
                .build();
    }
}
