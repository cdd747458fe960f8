package io.tenantry.shared.audit;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Outbox;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit event of a successful request of a route that names an audit action ({@link Route#audit}): the
 * actor is the caller, the resource's type is the action's noun, its id the route's path parameter, else the id the
 * answer's {@code Location} names, else the tenant's; a {@code PATCH} records the names of the fields it sent.
 *
 * <p>The event is written in the change's own transaction ({@link Outbox}): {@link #around} opens an outbox frame
 * for the request, and the first write of the tenant's items that succeeds carries it, so a change is never left
 * without its event, nor an event without its change. A successful request that wrote nothing through the tenant's
 * items (nothing changed, or a write outside them) records its event after the answer instead, as a write of its
 * own: a failure of that write is logged at error with the request id and the request still succeeds
 * (docs/audit.md).
 */
@Singleton
public class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/+]+)}");

    private final AuditLog log;
    private final Outbox outbox;

    public AuditTrail(AuditLog log, Outbox outbox) {
        this.log = log;
        this.outbox = outbox;
    }

    /**
     * Serves {@code request} with {@code handler}, its audit event (if the route audits) joined to the first write of
     * the change; an answer that succeeded without any such write records the event after it.
     */
    public ApiResponse around(ApiRequest request, Route route, Supplier<ApiResponse> handler) {
        if (route.audit().isEmpty() || route.access() != Route.Access.TENANT) {
            return handler.get();
        }
        TenantAccess access = request.tenant();
        String action = route.audit();
        String parameter = lastPathParameter(route);
        AuditEntry entry = log.entry(
                access,
                action,
                access.userId(),
                typeOf(action),
                parameter == null ? null : request.pathParameter(parameter).orElse(null),
                access.tenantId(),
                request.requestId(),
                "PATCH".equals(request.method()) ? changedFields(request) : List.of());
        try (Outbox.Frame frame = outbox.open(access, List.of(entry))) {
            ApiResponse response = handler.get();
            if (!frame.written()) {
                recordIfAudited(request, route, response);
            }
            return response;
        }
    }

    /** Records {@code request}'s change if its route audits and it succeeded. */
    public void recordIfAudited(ApiRequest request, Route route, ApiResponse response) {
        if (route.audit().isEmpty() || route.access() != Route.Access.TENANT || response.status() >= 300) {
            return;
        }
        TenantAccess access = request.tenant();
        String action = route.audit();
        String type = typeOf(action);
        try {
            log.record(
                    access,
                    action,
                    access.userId(),
                    new AuditEvent.Resource(type, resourceId(request, route, response, access)),
                    request.requestId(),
                    "PATCH".equals(request.method()) ? changedFields(request) : List.of());
        } catch (RuntimeException e) {
            LOG.atError()
                    .addKeyValue("action", action)
                    .addKeyValue("requestId", request.requestId())
                    .setCause(e)
                    .log("Audit event not written");
        }
    }

    private static String typeOf(String action) {
        return action.substring(0, Math.max(0, action.indexOf('.')));
    }

    private static String lastPathParameter(Route route) {
        Matcher parameters = PATH_PARAMETER.matcher(route.value());
        String last = null;
        while (parameters.find()) {
            last = parameters.group(1);
        }
        return last;
    }

    private static String resourceId(ApiRequest request, Route route, ApiResponse response, TenantAccess access) {
        String last = lastPathParameter(route);
        if (last != null) {
            return request.pathParameter(last).orElse(null);
        }
        String location = response.headers().get("Location");
        if (location != null && location.lastIndexOf('/') < location.length() - 1) {
            String id = location.substring(location.lastIndexOf('/') + 1);
            if (id.contains("_")) {
                return id;
            }
        }
        return access.tenantId();
    }

    private static List<String> changedFields(ApiRequest request) {
        try {
            return request.body().fieldNames();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
