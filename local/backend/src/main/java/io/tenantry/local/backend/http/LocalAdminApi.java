package io.tenantry.local.backend.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.shared.problem.MethodNotAllowedException;
import io.tenantry.shared.problem.NotFoundException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The local backend's own routes on the API port: the identity provider ({@code /local/auth/token},
 * {@code /local/auth/jwks.json}, {@code /local/auth/.well-known/openid-configuration}), {@code GET /local/endpoints}
 * (where the embedded AWS services answer, and the physical names of the template's resources) and
 * {@code POST /local/schedules/{LogicalId}} (fires a function's schedule now).
 */
public final class LocalAdminApi implements LocalApi {
    private static final String SCHEDULES = "/local/schedules/";

    /** Fires the schedule of a function now; the answer is the invocation's outcome. */
    @FunctionalInterface
    public interface ScheduleTrigger {
        /** Throws {@link NotFoundException} when the function is unknown or has no schedule. */
        HttpReply fire(String functionLogicalId, String eventName);
    }

    private final Supplier<LocalIdentityProvider> identity;
    private final Supplier<JsonNode> endpoints;
    private final ScheduleTrigger schedules;

    public LocalAdminApi(
            Supplier<LocalIdentityProvider> identity, Supplier<JsonNode> endpoints, ScheduleTrigger schedules) {
        this.identity = identity;
        this.endpoints = endpoints;
        this.schedules = schedules;
    }

    @Override
    public HttpReply handle(GatewayRequest request) {
        String path = request.rawPath();
        String method = request.method();
        return switch (path) {
            case LocalIdentityProvider.PATH + "/token" -> {
                only("POST", method);
                yield identity.get().token(request.body());
            }
            case LocalIdentityProvider.PATH + "/jwks.json" -> {
                only("GET", method);
                yield identity.get().jwks();
            }
            case LocalIdentityProvider.PATH + "/.well-known/openid-configuration" -> {
                only("GET", method);
                yield identity.get().discovery();
            }
            case "/local/endpoints" -> {
                only("GET", method);
                yield HttpReply.json(200, endpoints.get());
            }
            default -> {
                if (path.startsWith(SCHEDULES) && path.length() > SCHEDULES.length()) {
                    only("POST", method);
                    String function = RouteTable.decode(path.substring(SCHEDULES.length()));
                    Map<String, String> query = ApiEvents.queryParameters(request.rawQuery());
                    yield schedules.fire(function, query.get("event"));
                }
                yield null;
            }
        };
    }

    private static void only(String allowed, String method) {
        boolean head = allowed.equals("GET") && method.equals("HEAD");
        if (!allowed.equals(method) && !head) {
            throw new MethodNotAllowedException(method, allowed);
        }
    }
}
