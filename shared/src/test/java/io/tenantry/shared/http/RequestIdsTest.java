package io.tenantry.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void of_echoesTheCallersId() {
        var event = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("X-Request-Id", "abc-123"))
                .build();
        assertEquals("abc-123", RequestIds.of(event));
    }

    @Test
    void of_replacesAnUnsafeId_withANewOne() {
        var event = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("x-request-id", "bad id\r\nSet-Cookie: x"))
                .build();
        String id = RequestIds.of(event);
        assertNotEquals("bad id\r\nSet-Cookie: x", id);
        assertTrue(id.startsWith("req_"), id);
    }

    @Test
    void of_usesApiGatewaysId_whenTheCallerSentNone() {
        var event = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("gw-1")
                        .build())
                .build();
        assertEquals("gw-1", RequestIds.of(event));
    }
}
