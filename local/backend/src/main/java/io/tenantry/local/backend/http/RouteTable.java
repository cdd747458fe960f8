package io.tenantry.local.backend.http;

import io.tenantry.local.backend.config.HttpApiConfig.RouteDefinition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Matches requests to routes as an HTTP API does: a {@code {name}} segment matches one non-empty path segment, a
 * trailing {@code {name+}} the rest of the path; the most specific route wins (at the first segment where two routes
 * differ, a literal beats a parameter, which beats a greedy one), a route for the method beats {@code ANY}, and
 * {@code $default} catches what nothing else does. A path that some route matches, but for other methods only, is a
 * 405 with the methods it allows.
 */
public final class RouteTable {

    /** A parsed route. */
    public record Route(RouteDefinition definition, List<Segment> segments) {
        public String method() {
            return definition.method();
        }

        public String routeKey() {
            return definition.routeKey();
        }

        public String functionLogicalId() {
            return definition.functionLogicalId();
        }

        boolean isDefault() {
            return definition.path().equals("$default");
        }
    }

    /** One path segment of a route. */
    public sealed interface Segment {
        int rank();
    }

    record Literal(String text) implements Segment {
        public int rank() {
            return 0;
        }
    }

    record Parameter(String name) implements Segment {
        public int rank() {
            return 1;
        }
    }

    record Greedy(String name) implements Segment {
        public int rank() {
            return 2;
        }
    }

    /** What a request matched. */
    public sealed interface Match {}

    public record Found(Route route, Map<String, String> pathParameters) implements Match {}

    public record MethodNotAllowed(List<String> allowed) implements Match {}

    public record NotFound() implements Match {}

    private final List<Route> routes;

    public RouteTable(List<RouteDefinition> definitions) {
        List<Route> parsed = new ArrayList<>();
        for (RouteDefinition definition : definitions) {
            parsed.add(new Route(definition, parse(definition.path())));
        }
        parsed.sort(SPECIFICITY);
        this.routes = List.copyOf(parsed);
    }

    public List<Route> routes() {
        return routes;
    }

    /** Matches a request; {@code rawPath} is the path as sent (percent-encoded). */
    public Match match(String method, String rawPath) {
        String[] parts = split(rawPath);
        TreeSet<String> otherMethods = new TreeSet<>();
        Route fallback = null;
        for (Route route : routes) {
            if (route.isDefault()) {
                fallback = fallback == null ? route : fallback;
                continue;
            }
            Map<String, String> parameters = matchPath(route.segments(), parts);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals("ANY") || route.method().equals(method)) {
                return new Found(route, parameters);
            }
            otherMethods.add(route.method());
        }
        if (fallback != null) {
            return new Found(fallback, Map.of());
        }
        return otherMethods.isEmpty() ? new NotFound() : new MethodNotAllowed(List.copyOf(otherMethods));
    }

    private static Map<String, String> matchPath(List<Segment> segments, String[] parts) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment instanceof Greedy greedy) {
                if (i >= parts.length) {
                    return null;
                }
                String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i, parts.length));
                if (rest.isEmpty()) {
                    return null;
                }
                parameters.put(greedy.name(), decode(rest));
                return parameters;
            }
            if (i >= parts.length) {
                return null;
            }
            String part = parts[i];
            switch (segment) {
                case Literal literal -> {
                    if (!literal.text().equals(decode(part))) {
                        return null;
                    }
                }
                case Parameter parameter -> {
                    if (part.isEmpty()) {
                        return null;
                    }
                    parameters.put(parameter.name(), decode(part));
                }
                case Greedy g -> throw new IllegalStateException("unreachable");
            }
        }
        return segments.size() == parts.length ? parameters : null;
    }

    /** Path segments after the leading slash; a trailing slash makes a last, empty segment. */
    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return trimmed.split("/", -1);
    }

    private static List<Segment> parse(String path) {
        if (path.equals("$default")) {
            return List.of();
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("An HttpApi path must start with '/': " + path);
        }
        String[] parts = split(path);
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException("A greedy {name+} segment must be last: " + path);
                }
                segments.add(new Greedy(part.substring(1, part.length() - 2)));
            } else if (part.startsWith("{") && part.endsWith("}")) {
                segments.add(new Parameter(part.substring(1, part.length() - 1)));
            } else {
                segments.add(new Literal(part));
            }
        }
        return List.copyOf(segments);
    }

    /** Decodes %XX escapes ('+' stays '+' in a path). */
    static String decode(String part) {
        if (part.indexOf('%') < 0) {
            return part;
        }
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return part;
        }
    }

    /** More specific first: segment by segment (literal, parameter, greedy), then longer, then a method over ANY. */
    private static final Comparator<Route> SPECIFICITY = (a, b) -> {
        int common = Math.min(a.segments().size(), b.segments().size());
        for (int i = 0; i < common; i++) {
            int byRank = Integer.compare(
                    a.segments().get(i).rank(), b.segments().get(i).rank());
            if (byRank != 0) {
                return byRank;
            }
        }
        int byLength = Integer.compare(b.segments().size(), a.segments().size());
        if (byLength != 0) {
            return byLength;
        }
        return Boolean.compare(a.method().equals("ANY"), b.method().equals("ANY"));
    };
}
