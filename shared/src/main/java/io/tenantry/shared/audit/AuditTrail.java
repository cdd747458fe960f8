package io.tenantry.shared.audit;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit event of a successful request of a route that names an audit action ({@link Route#audit}): the
 * actor is the caller, the resource's type is the action's noun, its id the route's path parameter, else the id the
 * answer's {@code Location} names, else the tenant's; a {@code PATCH} records the names of the fields it sent.
 *
 * <p>The event is written after the change, not in its transaction: a failure to write it is logged at error (with
 * the request id, so the change can be traced) and counted, and the request still succeeds; the transactional
 * outbox that would close this gap is not built yet (docs/audit.md).
 */
@Singleton
public class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/+]+)}");

    private final AuditLog log;

    public AuditTrail(AuditLog log) {
        this.log = log;
    }

    /** Records {@code request}'s change if its route audits and it succeeded. */
    public void recordIfAudited(ApiRequest request, Route route, ApiResponse response) {
        if (route.audit().isEmpty() || route.access() != Route.Access.TENANT || response.status() >= 300) {
            return;
        }
        TenantAccess access = request.tenant();
        String action = route.audit();
        String type = action.substring(0, Math.max(0, action.indexOf('.')));
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

    private static String resourceId(ApiRequest request, Route route, ApiResponse response, TenantAccess access) {
        Matcher parameters = PATH_PARAMETER.matcher(route.value());
        String last = null;
        while (parameters.find()) {
            last = parameters.group(1);
        }
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
