package io.tenantry.local.backend.config;

import io.tenantry.local.template.FunctionDefinition;
import io.tenantry.local.template.FunctionEvent;
import io.tenantry.local.template.Intrinsics;
import io.tenantry.local.template.SamTemplate;
import io.tenantry.local.template.TemplateResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The template's HTTP API as the local gateway serves it: the routes of every function's {@code HttpApi} events, the
 * API's {@code CorsConfiguration}, and which routes its authorizers guard. A JWT authorizer's {@code issuer} and
 * {@code audience} point at the cloud's identity provider; locally every JWT authorizer checks tokens of the local
 * identity provider instead, the same way (signature, issuer, audience, expiry). A template without an
 * {@code AWS::Serverless::HttpApi} gets SAM's implicit API: no authorizer, no CORS.
 */
public record HttpApiConfig(
        String logicalId,
        CorsPolicy cors,
        String defaultAuthorizer,
        Map<String, String> authorizerIdentityHeaders,
        List<RouteDefinition> routes,
        List<String> notes) {

    /** One route: {@code METHOD /path}, the function behind it, and the authorizer guarding it (null: none). */
    public record RouteDefinition(String method, String path, String functionLogicalId, String authorizer) {
        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }
    }

    public static final String HTTP_API = "AWS::Serverless::HttpApi";
    private static final String DEFAULT_IDENTITY_HEADER = "authorization";

    public static HttpApiConfig from(SamTemplate template, Intrinsics intrinsics) {
        List<String> notes = new ArrayList<>();
        List<TemplateResource> apis = template.resources().values().stream()
                .filter(r -> r.type().equals(HTTP_API))
                .toList();
        if (apis.size() > 1) {
            notes.add("the template has " + apis.size() + " HTTP APIs; all their routes are served on one port, with "
                    + apis.getFirst().logicalId() + "'s CORS and authorizers");
        }
        TemplateResource api = apis.isEmpty() ? null : apis.getFirst();
        CorsPolicy cors = null;
        String defaultAuthorizer = null;
        Map<String, String> identityHeaders = new LinkedHashMap<>();
        if (api != null) {
            cors = cors(intrinsics.resolve(api.properties().get("CorsConfiguration"), api.path("CorsConfiguration")));
            Map<String, Object> auth = map(api.properties().get("Auth"));
            Object named = intrinsics.resolve(auth.get("DefaultAuthorizer"), api.path("Auth.DefaultAuthorizer"));
            defaultAuthorizer = named == null ? null : named.toString();
            map(auth.get("Authorizers")).forEach((name, body) -> {
                Map<String, Object> authorizer = map(body);
                if (!authorizer.containsKey("JwtConfiguration")) {
                    notes.add("authorizer " + name + " is not a JWT authorizer; locally it checks tokens of the local"
                            + " identity provider like the JWT ones");
                }
                Object source = intrinsics.resolve(
                        authorizer.get("IdentitySource"), api.path("Auth.Authorizers." + name + ".IdentitySource"));
                identityHeaders.put(name, identityHeader(source));
            });
        }
        List<RouteDefinition> routes = new ArrayList<>();
        for (FunctionDefinition function : template.functions().values()) {
            for (FunctionEvent.HttpApi event : function.events(FunctionEvent.HttpApi.class)) {
                if (!event.payloadFormatVersion().equals("2.0")) {
                    notes.add(function.logicalId() + "." + event.name() + " asks for payload format "
                            + event.payloadFormatVersion() + "; the local gateway sends 2.0");
                }
                String authorizer =
                        event.isPublic() ? null : event.authorizer() != null ? event.authorizer() : defaultAuthorizer;
                routes.add(new RouteDefinition(
                        event.method().toUpperCase(Locale.ROOT), event.path(), function.logicalId(), authorizer));
            }
        }
        return new HttpApiConfig(
                api == null ? "ServerlessHttpApi" : api.logicalId(),
                cors,
                defaultAuthorizer,
                Map.copyOf(identityHeaders),
                List.copyOf(routes),
                List.copyOf(notes));
    }

    /** The request header an authorizer reads its token from (lower case). */
    public String identityHeader(String authorizer) {
        return authorizerIdentityHeaders.getOrDefault(authorizer, DEFAULT_IDENTITY_HEADER);
    }

    private static String identityHeader(Object source) {
        Object first = source instanceof List<?> list && !list.isEmpty() ? list.getFirst() : source;
        String text = first == null ? "" : first.toString();
        String prefix = "$request.header.";
        return text.startsWith(prefix)
                ? text.substring(prefix.length()).toLowerCase(Locale.ROOT)
                : DEFAULT_IDENTITY_HEADER;
    }

    private static CorsPolicy cors(Object configuration) {
        if (configuration == null || Boolean.FALSE.equals(configuration)) {
            return null;
        }
        if (Boolean.TRUE.equals(configuration)) {
            return CorsPolicy.allowAll();
        }
        if (configuration instanceof String origin) {
            String unquoted = origin.replace("'", "").strip();
            return new CorsPolicy(List.of(unquoted), List.of("*"), List.of("*"), List.of(), null, false);
        }
        Map<String, Object> c = map(configuration);
        Object maxAge = c.get("MaxAge");
        return new CorsPolicy(
                strings(c.get("AllowOrigins")),
                strings(c.get("AllowHeaders")),
                strings(c.get("AllowMethods")),
                strings(c.get("ExposeHeaders")),
                maxAge == null ? null : Integer.valueOf(maxAge.toString()),
                Boolean.parseBoolean(String.valueOf(c.getOrDefault("AllowCredentials", "false"))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::strip).toList();
        }
        return List.of(value.toString().split(",")).stream().map(String::strip).toList();
    }
}
