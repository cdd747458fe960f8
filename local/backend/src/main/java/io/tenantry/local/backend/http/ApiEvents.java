package io.tenantry.local.backend.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantry.local.function.Json;
import io.tenantry.local.template.Intrinsics;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the payload-2.0 event API Gateway's HTTP API sends a function: {@code version}, {@code routeKey},
 * {@code rawPath}, {@code rawQueryString}, {@code cookies} (taken out of the headers), lower-case {@code headers},
 * {@code queryStringParameters} (repeats joined with commas), {@code requestContext} (with the JWT authorizer's claims
 * and scopes on guarded routes), {@code pathParameters}, and the body, base64-encoded unless it is text.
 */
public final class ApiEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Set<String> TEXT_TYPES = Set.of(
            "application/json",
            "application/javascript",
            "application/xml",
            "application/x-www-form-urlencoded",
            "application/graphql",
            "application/yaml",
            "application/x-yaml");

    private ApiEvents() {}

    /** The event for a request matched to {@code routeKey}; {@code authorized} is null on a public route. */
    public static ObjectNode build(
            GatewayRequest request,
            String routeKey,
            Map<String, String> pathParameters,
            JwtAuthorizer.Authorized authorized,
            String apiRequestId,
            String apiId,
            Instant received) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        if (!request.cookies().isEmpty()) {
            var cookies = event.putArray("cookies");
            request.cookies().forEach(cookies::add);
        }
        ObjectNode headers = event.putObject("headers");
        request.headers().forEach((name, value) -> {
            if (!name.equals("cookie")) {
                headers.put(name, value);
            }
        });
        headers.put("x-forwarded-for", request.sourceIp());
        headers.put("x-forwarded-proto", "http");
        String host = request.header("host") == null ? "127.0.0.1" : request.header("host");
        int colon = host.lastIndexOf(':');
        headers.put("x-forwarded-port", colon > 0 ? host.substring(colon + 1) : "80");
        headers.put("x-amzn-trace-id", traceId(received));
        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", Intrinsics.ACCOUNT_ID);
        context.put("apiId", apiId);
        if (authorized != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            ObjectNode claims = jwt.putObject("claims");
            authorized.claims().forEach(claims::put);
            if (authorized.scopes() == null) {
                jwt.putNull("scopes");
            } else {
                var scopes = jwt.putArray("scopes");
                authorized.scopes().forEach(scopes::add);
            }
        }
        String domain = colon > 0 ? host.substring(0, colon) : host;
        context.put("domainName", domain);
        context.put("domainPrefix", domain.contains(".") ? domain.substring(0, domain.indexOf('.')) : domain);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
        context.put("requestId", apiRequestId);
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", TIME.format(received));
        context.put("timeEpoch", received.toEpochMilli());
        if (!pathParameters.isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        boolean base64 = false;
        if (request.body().length > 0) {
            String text = isText(request.header("content-type")) ? utf8(request.body()) : null;
            if (text != null) {
                event.put("body", text);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(request.body()));
                base64 = true;
            }
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /** An X-Ray trace header: {@code Root=1-<epoch seconds, hex>-<96 random bits, hex>}. */
    private static String traceId(Instant received) {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%08x%016x", received.getEpochSecond(), random.nextInt(), random.nextLong());
    }

    /** Query parameters decoded, a repeated name's values joined with commas; a name without {@code =} gets "". */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** Text types travel as they are; anything else (and no type at all) as base64. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
    }

    /** The bytes as UTF-8 text, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
