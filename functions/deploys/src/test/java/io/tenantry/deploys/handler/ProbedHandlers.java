package io.tenantry.deploys.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** New versions of a read route, on the real handler base: a sound one and the ways a release can break. */
final class ProbedHandlers {
    private ProbedHandlers() {}

    @Route(value = "GET /v1/health", access = Route.Access.PUBLIC)
    static final class Sound extends ApiHandler {
        Sound(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            return ApiResponse.ok(Map.of("status", "ok"));
        }
    }

    /** A bug that throws: the base answers 500 problem+json, as a broken release would. */
    @Route(value = "GET /v1/health", access = Route.Access.PUBLIC)
    static final class Throwing extends ApiHandler {
        Throwing(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            throw new IllegalStateException("a deliberately broken release");
        }
    }

    /** Answers 200 with a body that is not JSON (a template rendered as HTML, a truncated write). */
    @Route(value = "GET /v1/health", access = Route.Access.PUBLIC)
    static final class Malformed extends ApiHandler {
        Malformed(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            return ApiResponse.raw(200, "<html>ok</html>".getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }
}
