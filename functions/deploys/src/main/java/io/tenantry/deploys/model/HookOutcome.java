package io.tenantry.deploys.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hook found ({@code Succeeded} or {@code Failed}) and why, probe by probe, and whether CodeDeploy was told.
 */
public record HookOutcome(String deploymentId, String status, List<ProbeResult> probes, boolean reported) {
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    public HookOutcome reported(boolean told) {
        return new HookOutcome(deploymentId, status, probes, told);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("deploymentId", deploymentId);
        map.put("status", status);
        map.put("reported", reported);
        map.put(
                "probes",
                probes.stream()
                        .map(p -> Map.of("route", p.route(), "passed", p.passed(), "detail", p.detail()))
                        .toList());
        return map;
    }
}
