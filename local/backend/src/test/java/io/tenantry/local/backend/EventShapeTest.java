package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.backend.testfunctions.ThrowingHandler;
import io.tenantry.local.testkit.TestTokens;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The payload-2.0 event the gateway builds, seen by a handler that echoes it (the wiring template's EchoFunction),
 * and how the function's response becomes the HTTP response.
 */
class EventShapeTest {
    static TestBackends.Running backend;
    static String api;
    static String token;

    @BeforeAll
    static void start() {
        backend = TestBackends.wiring();
        api = backend.api();
        token = TestTokens.token(Map.of(
                "iss", backend.issuer(),
                "aud", "tenantry-local",
                "sub", "usr_1",
                "email", "ada@example.test",
                "tenant_id", "ten_1",
                "role", "admin",
                "scope", "read write",
                "groups", List.of("a", "b")));
    }

    /** The event EchoFunction received, from its response body. */
    static JsonNode echoed(Http.Answer answer) throws Exception {
        assertEquals(200, answer.status(), answer::toString);
        return new ObjectMapper().readTree(answer.body());
    }

    @Test
    void getWithPathParametersQueryCookiesAndClaims() throws Exception {
        JsonNode event = echoed(Http.get(
                api + "/echo/item%201?tag=a&tag=b&q=hello%20world&flag",
                Map.of(
                        "Authorization", "Bearer " + token,
                        "Cookie", "session=abc; theme=dark",
                        "X-Custom-Header", "Value",
                        "User-Agent", "tests/1.0")));
        assertEquals("2.0", event.path("version").asText());
        assertEquals("GET /echo/{id}", event.path("routeKey").asText());
        assertEquals("/echo/item%201", event.path("rawPath").asText());
        assertEquals(
                "tag=a&tag=b&q=hello%20world&flag", event.path("rawQueryString").asText());
        assertEquals("item 1", event.path("pathParameters").path("id").asText());
        JsonNode query = event.path("queryStringParameters");
        assertEquals("a,b", query.path("tag").asText());
        assertEquals("hello world", query.path("q").asText());
        assertEquals("", query.path("flag").asText());
        assertEquals(List.of("session=abc", "theme=dark"), texts(event.path("cookies")));
        JsonNode headers = event.path("headers");
        assertEquals("Value", headers.path("x-custom-header").asText());
        assertFalse(headers.has("cookie"), "cookies move out of the headers");
        headers.fieldNames().forEachRemaining(name -> assertEquals(name.toLowerCase(), name));
        assertTrue(headers.has("x-forwarded-for") && headers.has("x-amzn-trace-id"));

        JsonNode context = event.path("requestContext");
        assertEquals("000000000000", context.path("accountId").asText());
        assertEquals("$default", context.path("stage").asText());
        assertEquals("GET /echo/{id}", context.path("routeKey").asText());
        assertEquals("GET", context.path("http").path("method").asText());
        assertEquals("/echo/item%201", context.path("http").path("path").asText());
        assertEquals("HTTP/1.1", context.path("http").path("protocol").asText());
        assertEquals("127.0.0.1", context.path("http").path("sourceIp").asText());
        assertEquals("tests/1.0", context.path("http").path("userAgent").asText());
        assertTrue(context.path("time").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
        assertTrue(context.path("timeEpoch").asLong() > 1_700_000_000_000L);
        assertFalse(context.path("requestId").asText().isEmpty());

        JsonNode claims = context.path("authorizer").path("jwt").path("claims");
        assertEquals("usr_1", claims.path("sub").asText());
        assertEquals("ten_1", claims.path("tenant_id").asText());
        assertEquals("admin", claims.path("role").asText());
        assertEquals("tenantry-local", claims.path("aud").asText());
        assertEquals("[a b]", claims.path("groups").asText());
        assertTrue(claims.path("exp").isTextual() && claims.path("exp").asText().matches("\\d+"), claims.toString());
        assertEquals(
                List.of("read", "write"),
                texts(context.path("authorizer").path("jwt").path("scopes")));
        assertFalse(event.has("body"));
        assertFalse(event.path("isBase64Encoded").asBoolean());
    }

    @Test
    void textBody_travelsAsIs_binaryBody_asBase64() throws Exception {
        JsonNode json = echoed(Http.send(
                "POST",
                api + "/echo/1",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                "{\"a\": \"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("{\"a\": \"é\"}", json.path("body").asText());
        assertFalse(json.path("isBase64Encoded").asBoolean());

        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        JsonNode binary = echoed(Http.send(
                "POST", api + "/echo/1", Map.of("Authorization", "Bearer " + token, "Content-Type", "image/png"), png));
        assertTrue(binary.path("isBase64Encoded").asBoolean());
        assertArrayEquals(png, Base64.getDecoder().decode(binary.path("body").asText()));
    }

    @Test
    void publicRoutes_carryNoAuthorizer_evenWithAToken_andGreedyPathsAreOneParameter() throws Exception {
        JsonNode event = echoed(Http.send(
                "PUT", api + "/files/a/b%2Fc/d.txt", Map.of("Authorization", "Bearer " + token), "x".getBytes()));
        assertEquals("ANY /files/{path+}", event.path("routeKey").asText());
        assertEquals("a/b/c/d.txt", event.path("pathParameters").path("path").asText());
        assertFalse(event.path("requestContext").has("authorizer"));
    }

    @Test
    void response_statusHeadersCookies_andBase64Bodies_areSentAsTheFunctionSaid() {
        Http.Answer teapot = Http.get(api + "/public?status=418&cookie=a%3D1%3B%20HttpOnly");
        assertEquals(418, teapot.status());
        assertEquals("EchoFunction", teapot.header("x-function"));
        assertEquals(
                List.of("a=1; HttpOnly", "second=2; Path=/"), teapot.headers().allValues("Set-Cookie"));

        Http.Answer binary = Http.get(api + "/public?binary=1");
        assertEquals("application/octet-stream", binary.header("Content-Type"));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, binary.bytes());
    }

    @Test
    void corsHeaders_ofTheFunction_areReplacedByTheGateways() {
        Http.Answer allowed = Http.get(api + "/public?cors=1", Map.of("Origin", "http://app.test"));
        assertEquals("http://app.test", allowed.header("Access-Control-Allow-Origin"));
        assertEquals("x-request-id", allowed.header("Access-Control-Expose-Headers"));
        Http.Answer other = Http.get(api + "/public?cors=1", Map.of("Origin", "https://other.test"));
        assertNull(other.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aHandlerThatThrows_is500_withoutItsMessage_andTheBackendStaysUp() {
        Http.Answer boom = Http.get(api + "/boom");
        assertProblem(boom, 500);
        assertFalse(boom.body().contains(ThrowingHandler.SECRET_MESSAGE), boom.body());
        assertEquals(200, Http.get(api + "/public").status());
        List<String> lines = backend.console().linesWith("request=" + boom.header("X-Request-Id"));
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(
                lines.getFirst().contains("ThrowingFunction")
                        && lines.getFirst().contains(" 500 "),
                lines::toString);
    }

    @Test
    void guardedRoute_withoutAToken_is401() {
        assertProblem(Http.get(api + "/echo/1"), 401);
    }

    @Test
    void aFunctionPastItsTimeout_isATimedOutError() {
        Http.Answer answer = Http.send(
                "POST", backend.lambda() + "/2015-03-31/functions/SlowFunction/invocations", Map.of(), "{}".getBytes());
        assertEquals(200, answer.status());
        assertEquals("Unhandled", answer.header("X-Amz-Function-Error"));
        assertEquals("Sandbox.Timedout", answer.json().path("errorType").asText());
        assertTrue(answer.json().path("errorMessage").asText().endsWith("Task timed out after 1.00 seconds"));
    }

    @Test
    void aHandlerThatThrows_viaTheInvokeApi_isAnUnhandledError_withItsTrace() {
        Http.Answer answer = Http.send(
                "POST",
                backend.lambda() + "/2015-03-31/functions/ThrowingFunction/invocations",
                Map.of(),
                "{}".getBytes());
        assertEquals(200, answer.status());
        assertEquals("Unhandled", answer.header("X-Amz-Function-Error"));
        JsonNode error = answer.json();
        assertEquals(ThrowingHandler.SECRET_MESSAGE, error.path("errorMessage").asText());
        assertEquals(
                IllegalStateException.class.getName(), error.path("errorType").asText());
        assertTrue(error.path("stackTrace").get(0).asText().contains("ThrowingHandler.handleRequest"));
    }

    @Test
    void differingVariables_areReported_atStart() {
        assertTrue(
                backend.console().errors().contains("WIRING_SETTING differs between functions"),
                backend.console().errors());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
