package io.tenantry.deploys.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the hook told CodeDeploy ({@code Succeeded} or {@code Failed}) and why, probe by probe. */
public record HookOutcome(String deploymentId, String status, List<ProbeResult> probes) {
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deploymentId", deploymentId);
        map.put("status", status);
        map.put(
                "probes",
                probes.stream()
                        .map(p -> Map.of("route", p.route(), "passed", p.passed(), "detail", p.detail()))
                        .toList());
        return map;
    }
}
