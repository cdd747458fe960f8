package io.tenantry.identity.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GetHealthHandlerTest {
    static ApplicationContext context;
    static GetHealthHandler handler;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        handler = new GetHealthHandler(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void health_answersOk_withoutAToken() {
        ApiResult result = ApiResult.call(handler, ApiEvent.of("GET", "/v1/health"));
        assertEquals(200, result.status());
        assertEquals("{\"status\":\"ok\"}", result.body());
        assertNotNull(result.header("X-Request-Id"));
    }

    @Test
    void health_answersA400Problem_forAnEmptyEvent_ratherThanFailing() {
        var response = handler.execute(null);
        assertEquals(400, response.getStatusCode());
    }
}
