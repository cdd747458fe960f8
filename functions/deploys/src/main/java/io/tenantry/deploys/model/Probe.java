package io.tenantry.deploys.model;

import java.util.ArrayList;
import java.util.List;

/** A read route ({@code GET /v1/health}) and the function version that serves it in this deployment. */
public record Probe(String route, String target) {

    public String method() {
        return route.substring(0, route.indexOf(' '));
    }

    public String path() {
        return route.substring(route.indexOf(' ') + 1);
    }

    /** {@code <route>=<version ARN>}, comma-separated, as the template sets {@code TENANTRY_PRETRAFFIC_PROBES}. */
    public static List<Probe> parseAll(String list) {
        List<Probe> probes = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String route = equals < 0 ? "" : entry.substring(0, equals).trim();
            String target = equals < 0 ? "" : entry.substring(equals + 1).trim();
            if (!route.matches("GET /\\S*") || target.isEmpty()) {
                throw new IllegalArgumentException("Not a probe ('GET /path=<function version>'): '" + entry + "'");
            }
            probes.add(new Probe(route, target));
        }
        return List.copyOf(probes);
    }
}
